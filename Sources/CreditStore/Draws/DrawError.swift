import CreditCore
import CreditSampling

/// Why a draw cannot be prepared, run, voided or shown. Each case carries what the clerk
/// needs to act on it; the description is the Chinese message shown on the command line
/// and in API errors (the server maps cases to HTTP statuses).
public enum DrawError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The id is not `[0-9A-Za-z._-]{1,64}` without `..`.
    case invalidID(DrawID.Invalid)
    case emptyRandomness
    case emptyRandomnessSource
    case emptyVoidReason
    /// The draw date is after today.
    case asOfInFuture(asOf: CalendarDate, today: CalendarDate)
    /// Draws are recorded in as-of order: a valid draw has a later date.
    case asOfBeforeLatest(asOf: CalendarDate, latestID: String, latestAsOf: CalendarDate)
    case noClassification(asOf: CalendarDate)
    case notFound(id: String)
    /// `run` of an id that was never prepared.
    case notPrepared(id: String)
    /// The id is taken (by another draw, or by this one prepared with other parameters).
    case idTaken(id: String)
    /// The month already has a valid draw.
    case monthTaken(month: CalendarMonth, by: String)
    /// Another draw is prepared and not yet run or voided.
    case pendingDraw(id: String)
    /// The draw was already run with another randomness (a recorded draw is immutable).
    case alreadyRun(id: String, randomness: String)
    /// The randomness was used by a voided draw of the month: a redraw needs a new value.
    case randomnessReused(randomness: String, voidedID: String)
    case voided(id: String, reason: String)
    case alreadyVoid(id: String)
    /// Inputs differ from the ones the commitment froze.
    case inputsChanged(id: String, changes: [InputChange])

    public var description: String {
        switch self {
        case .invalidID(let invalid): invalid.description
        case .emptyRandomness: "公共随机数不能为空"
        case .emptyRandomnessSource: "须说明将使用哪一个事先确定的公共随机数（如某期彩票开奖号码、随机数信标的某一轮）"
        case .emptyVoidReason: "作废须说明理由"
        case .asOfInFuture(let asOf, let today): "抽取日期 \(asOf) 晚于今天（\(today)），不能为将来的日期抽取"
        case .asOfBeforeLatest(let asOf, let latestID, let latestAsOf):
            "抽取日期 \(asOf) 早于最近一次有效抽查 \(latestID) 的日期 \(latestAsOf)：抽查须按日期顺序进行（如需重抽，先作废 \(latestID)）"
        case .noClassification(let asOf): "\(asOf) 及以前没有信用风险分类结果：先运行 credit classify --as-of \(asOf)"
        case .notFound(let id): "没有抽查 \(id)"
        case .notPrepared(let id): "抽查 \(id) 尚未准备：先运行 credit draw prepare --id \(id)，公布承诺后再抽取"
        case .idTaken(let id): "抽查编号 \(id) 已被使用（已记录的抽查不可更改；重抽请作废后使用新编号）"
        case .monthTaken(let month, let other): "\(month) 已有抽查 \(other)：先作废它（credit draw void \(other) --reason …）"
        case .pendingDraw(let id): "抽查 \(id) 已准备但尚未抽取：先抽取（credit draw run --id \(id) --randomness …）或作废它"
        case .alreadyRun(let id, let randomness):
            "抽查 \(id) 已使用公共随机数“\(randomness)”抽取并记录，不可重抽；如材料包文件丢失，用 credit draw show \(id) --out draws/\(id) 恢复，或以同一随机数再次运行 credit draw run"
        case .randomnessReused(let randomness, let voided): "公共随机数“\(randomness)”已被作废的抽查 \(voided) 使用：重抽须使用新的公共随机数"
        case .voided(let id, let reason): "抽查 \(id) 已作废（\(reason)）"
        case .alreadyVoid(let id): "抽查 \(id) 已经作废"
        case .inputsChanged(let id, let changes):
            "抽查 \(id) 准备以来输入已变化，不能抽取（作废后重新准备）：" + changes.map(\.description).joined(separator: "；")
        }
    }
}
