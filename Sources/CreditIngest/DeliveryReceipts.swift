import CreditCore
import CreditStore

/// A receipts file that cannot be read, with the file, line and reason.
public struct ReceiptFileError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var reason: String
    public var description: String { "\(file):\(line): \(reason)" }
}

/// The SMS gateway's delivery reports, read through the same CSV reader and encoding
/// detection as every other input.
extension ReminderDispatchStore {
    /// Header names of the common SMS gateways' delivery reports for our dispatch id, the
    /// delivery status, the failure reason and the report time.
    static let receiptColumns: [String: [String]] = [
        "id": ["out_id", "outid", "流水号", "业务流水号", "dispatch_id", "msg_id", "自定义id"],
        "status": ["status", "状态", "发送状态", "回执状态", "report_status"],
        "reason": ["err_code", "errcode", "失败原因", "错误码", "reason", "description"],
        "at": ["receive_date", "receivedate", "report_time", "回执时间", "到达时间", "done_time"],
    ]
    /// Status values meaning "delivered"; every other value is a failure with that value as reason.
    static let deliveredValues: Set<String> = ["delivrd", "delivered", "success", "成功", "发送成功", "已送达", "0"]

    /// Parses a gateway's delivery-report CSV (UTF-8 or GB18030) into receipts.
    /// - Throws: `ReceiptFileError` naming the line and column that cannot be read.
    public static func receipts(file: String, bytes: [UInt8]) throws -> [DeliveryReceipt] {
        let text: [UInt8]
        do { text = try TextDecoding.utf8Bytes(bytes).bytes } catch { throw ReceiptFileError(file: file, line: 1, reason: "\(error)") }
        var reader = CSVReader(bytes: text)
        func next() throws -> CSVRow? {
            do { return try reader.next() } catch { throw ReceiptFileError(file: file, line: error.line, reason: error.reason) }
        }
        guard let header = try next() else { throw ReceiptFileError(file: file, line: 1, reason: "文件为空") }
        var index: [String: Int] = [:]
        for (column, names) in receiptColumns {
            if let i = header.fields.firstIndex(where: { names.contains($0.trimmingDataWhitespace().lowercased()) }) { index[column] = i }
        }
        for required in ["id", "status"] where index[required] == nil {
            throw ReceiptFileError(file: file, line: header.line, reason: "缺少列：\(receiptColumns[required]!.joined(separator: " / "))")
        }
        var receipts: [DeliveryReceipt] = []
        while let row = try next() {
            func field(_ name: String) -> String? {
                index[name].flatMap { $0 < row.fields.count ? row.fields[$0].trimmingDataWhitespace() : nil }.flatMap { $0.isEmpty ? nil : $0 }
            }
            guard let idText = field("id"), let id = Int64(idText) else {
                throw ReceiptFileError(file: file, line: row.line, reason: "\(header.fields[index["id"]!]): '\(field("id") ?? "")' 不是本系统的发送编号")
            }
            let status = field("status") ?? ""
            let delivered = deliveredValues.contains(status.lowercased())
            receipts.append(DeliveryReceipt(dispatchID: id, delivered: delivered,
                                            reason: delivered ? nil : [status, field("reason")].compactMap { $0 }.joined(separator: " "), at: field("at")))
        }
        return receipts
    }
}
