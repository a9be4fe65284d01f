import CreditCore

/// A deterministic synthetic city in the files of data-format.md: Baoding's real districts
/// and counties, GB/T 4754 industries, valid codes, plausible Chinese names, skewed record
/// counts, some late reports, a few corrections and natural-person rows, inspectors
/// (≈ 1 per 300 enterprises) and declared conflicts. The same seed gives the same bytes.
public struct SyntheticCity: Sendable {
    public var enterpriseCount: Int
    public var seed: UInt64
    /// The last decision date generated; nothing is dated after it.
    public var asOf: CalendarDate
    /// The shape of the files: `.classic` (this generator's own, what `SampleData/` holds) or
    /// `.realistic` (what real exports look like; see `SyntheticCity+Realistic.swift`).
    public var mode: Mode

    public init(enterpriseCount: Int, seed: UInt64, asOf: CalendarDate, mode: Mode = .classic) {
        self.enterpriseCount = enterpriseCount; self.seed = seed; self.asOf = asOf; self.mode = mode
    }

    /// The files written, in the order a directory import reads them.
    public enum File: String, CaseIterable, Sendable {
        case enterprises = "enterprises.csv", inspectors = "inspectors.csv", conflicts = "conflicts.csv"
        case licensing = "行政许可.csv", penalty = "行政处罚.csv", coercion = "行政强制.csv", reward = "行政奖励.csv"
        case confirmation = "行政确认.csv", adjudication = "行政裁决.csv", inspection = "行政检查.csv"
        /// The two lists as records (list-in and list-out dates) and the commitment register.
        case abnormalList = "经营异常名录.csv", seriousList = "严重违法失信名单.csv", commitments = "信用承诺.csv"
        case triggers = "triggers.csv"
        /// Corrected versions of some penalties, to import after the rest (`corrections/行政处罚.csv`).
        case penaltyCorrections = "corrections/行政处罚.csv"
    }

    /// 保定市 districts and counties (GB/T 2260) with short names for agencies and document numbers.
    static let regions: [(code: String, name: String, short: String, weight: Int)] = [
        ("130602", "竞秀区", "竞", 14), ("130606", "莲池区", "莲", 14), ("130607", "满城区", "满", 5),
        ("130608", "清苑区", "清", 6), ("130609", "徐水区", "徐", 6), ("130623", "涞水县", "涞", 3),
        ("130624", "阜平县", "阜", 2), ("130626", "定兴县", "定兴", 4), ("130627", "唐县", "唐", 3),
        ("130628", "高阳县", "高", 4), ("130629", "容城县", "容", 3), ("130630", "涞源县", "源", 2),
        ("130631", "望都县", "望", 2), ("130632", "安新县", "安新", 3), ("130633", "易县", "易", 4),
        ("130634", "曲阳县", "曲", 3), ("130635", "蠡县", "蠡", 3), ("130636", "顺平县", "顺", 2),
        ("130637", "博野县", "博", 2), ("130638", "雄县", "雄", 3), ("130681", "涿州市", "涿", 8),
        ("130682", "定州市", "定", 8), ("130683", "安国市", "安国", 3), ("130684", "高碑店市", "碑", 4),
    ]

    /// GB/T 4754-2017 codes with a trade word for names, weighted towards retail and catering.
    static let industries: [(code: String, word: String, weight: Int)] = [
        ("A0141", "农业", 2), ("C1391", "食品", 3), ("C1431", "食品", 2), ("C1512", "酒业", 1), ("C1713", "纺织", 2),
        ("C1811", "服饰", 2), ("C2614", "化工", 1), ("C2720", "药业", 1), ("C3021", "建材", 2), ("C3311", "金属制品", 2),
        ("C3434", "机械", 2), ("C3670", "汽车配件", 2), ("E4701", "建筑工程", 3), ("E4812", "路桥工程", 1),
        ("F5123", "农产品", 3), ("F5137", "商贸", 6), ("F5211", "超市", 8), ("F5221", "食品店", 8), ("F5251", "医药", 3),
        ("F5261", "汽车销售", 2), ("G5430", "运输", 3), ("H6110", "酒店", 2), ("H6210", "餐饮", 10), ("H6241", "快餐", 4),
        ("I6513", "软件", 2), ("K7010", "房地产开发", 1), ("L7212", "商务咨询", 5), ("M7520", "科技", 3),
        ("O8010", "家政服务", 2), ("O8040", "美容美发", 4), ("P8391", "培训", 2), ("Q8421", "诊所", 1),
    ]

    static let nameChars = Array("华泰盛鑫宏兴隆恒达利源丰茂瑞祥安康嘉禾博远中信诚润新万通福顺昌德宇晟凯旭晨辉鸿峰天成金泽")
    static let surnames = Array("王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜")
    static let givenChars = Array("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰建国红志海燕文斌宁浩")

    /// Writes every file's lines (header first, LF-terminated) through `emit`.
    public func generate(emit: (File, String) -> Void) {
        generate(rows: { file, fields in emit(file, Self.csv(fields)) })
    }

    /// Gives every file's rows (header first) through `rows`.
    public func generate(rows emit: (File, [String]) -> Void) {
        switch mode {
        case .classic: generateClassic(rows: emit)
        case .realistic:
            let realistic = RealisticRows(seed: seed)
            generateClassic { file, fields in emit(file, realistic.transform(file, fields)) }
        }
    }

    func generateClassic(rows emit: (File, [String]) -> Void) {
        var rng = SeededGenerator(seed: seed)
        let headers: [File: [String]] = [
            .enterprises: ["统一社会信用代码", "企业名称", "企业类型", "行业代码", "行政区划代码", "成立日期", "登记状态",
                           "经营异常名录", "严重违法失信名单", "失信被执行人", "联系电话", "法定代表人"],
            .inspectors: ["执法证号", "姓名", "所属部门", "行政区划代码", "专业领域", "状态"],
            .conflicts: ["执法证号", "统一社会信用代码", "原因"],
            .licensing: ["XK_XDR_MC", "XK_XDR_LB", "XK_XDR_SHXYM", "XK_WSH", "XK_JDRQ", "XK_XKJG", "XK_LYDW", "上报日期",
                         "XK_XKWS", "XK_XKLB", "XK_XKZS", "XK_XKBH", "XK_NR", "XK_YXQZ", "XK_YXQZI", "XK_ZT"],
            .penalty: ["CF_XDR_MC", "CF_XDR_LB", "CF_XDR_SHXYM", "CF_WSH", "CF_JDRQ", "CF_CFJG", "CF_SJLY", "上报日期",
                       "CF_WFXW", "CF_SY", "CF_YJ", "CF_CFLB", "CF_NR", "CF_NR_FK", "CF_NR_WFFF", "处罚程序", "领域"],
            .coercion: ["行政相对人名称", "统一社会信用代码", "决定文书号", "决定日期", "实施机关", "上报日期", "强制措施类型",
                        "强制期限至", "当前状态"],
            .reward: ["行政相对人名称", "统一社会信用代码", "决定文书号", "决定日期", "实施机关", "上报日期", "奖励名称", "奖励级别", "奖励形式"],
            .confirmation: ["行政相对人名称", "统一社会信用代码", "决定文书号", "决定日期", "实施机关", "上报日期", "确认事项", "确认结果"],
            .adjudication: ["行政相对人名称", "统一社会信用代码", "决定文书号", "决定日期", "实施机关", "上报日期", "争议事项",
                            "裁决结果", "是否责任方"],
            .inspection: ["行政相对人名称", "统一社会信用代码", "决定文书号", "检查日期", "实施机关", "上报日期", "检查类型",
                          "检查事项", "检查结果"],
            .triggers: ["统一社会信用代码", "触发类型", "线索编号", "日期"],
            .abnormalList: ["统一社会信用代码", "企业名称", "列入日期", "列入原因", "作出决定机关", "决定书文号", "移出日期", "移出原因", "移出决定机关"],
            .seriousList: ["统一社会信用代码", "企业名称", "列入日期", "列入原因", "作出决定机关", "决定书文号", "移出日期", "移出原因", "移出决定机关"],
            .commitments: ["统一社会信用代码", "企业名称", "承诺事项", "事项编码", "承诺日期", "作出决定机关", "承诺书编号", "核查期限",
                           "核查日期", "核查结果"],
        ]
        for file in File.allCases {
            let header = file == .penaltyCorrections ? headers[.penalty]! : headers[file]!
            emit(file, header)
        }
        let start = CalendarDate(year: 2023, month: 1, day: 1)!
        let span = asOf.dayNumber - start.dayNumber + 1
        var sequence: [File: Int] = [:]
        var corrections = 0
        // ≈ 1 inspector per 300 enterprises, but every district keeps a team of about four.
        let inspectorCount = max(enterpriseCount / 300, Self.regions.count * 4 + 8)
        var sampleCodes: [(code: String, region: Int)] = []
        let calendar = WorkingDayCalendar.weekendsOnly
        // Lists and commitments draw from their own generator, so that the other files keep
        // the bytes they had before these files existed.
        var listRNG = SeededGenerator(seed: seed ^ 0x6C69_7374_7331_3900)
        var listSequence: [File: Int] = [:]

        for index in 0..<enterpriseCount {
            let region = rng.weighted(Self.regions.indices.map { ($0, Self.regions[$0].weight) })
            let r = Self.regions[region]
            let industry = Self.industries[rng.weighted(Self.industries.indices.map { ($0, Self.industries[$0].weight) })]
            let type = rng.weighted([("有限责任公司", 55), ("个体工商户", 35), ("股份有限公司", 3), ("农民专业合作社", 4), ("个人独资企业", 3)])
            let entityDigit = type == "个体工商户" ? "2" : type == "农民专业合作社" ? "3" : "1"
            let code = Self.code(index: index, seed: seed, entityDigit: entityDigit, region: r.code)
            let trade = String((0..<2).map { _ in rng.element(Self.nameChars) })
            let name: String
            switch type {
            case "个体工商户": name = "\(r.name)\(trade)\(industry.word)店"
            case "农民专业合作社": name = "保定市\(r.name)\(trade)\(industry.word)专业合作社"
            default: name = "保定\(trade)\(industry.word)\(type == "股份有限公司" ? "股份有限公司" : "有限公司")"
            }
            let established = start.adding(days: -rng.int(below: 7000))
            let status = rng.weighted([("存续", 850), ("在业", 100), ("吊销", 25), ("注销", 20), ("迁出", 5)])
            let abnormal = rng.chance(perMille: 30), serious = rng.chance(perMille: 3), debtor = rng.chance(perMille: 5)
            let phone = "1\(rng.element(["3", "5", "8"]))\(String(format9: rng.int(below: 1_000_000_000)))"
            let legal = "\(rng.element(Self.surnames))\(rng.element(Self.givenChars))\(rng.chance(perMille: 600) ? String(rng.element(Self.givenChars)) : "")"
            emit(.enterprises, [code, name, type, industry.code, r.code, established.description, status,
                                         abnormal ? "是" : "否", serious ? "是" : "否", debtor ? "是" : "否", phone, legal])
            if sampleCodes.count < 4096 || rng.chance(perMille: 5) {
                if sampleCodes.count < 4096 { sampleCodes.append((code, region)) } else { sampleCodes[rng.int(below: 4096)] = (code, region) }
            }

            // Skewed record counts: most enterprises have few records, a few have many.
            let count = rng.weighted([(0, 30), (1, 25), (2, 15), (3, 10), (4 + rng.int(below: 3), 12),
                                      (7 + rng.int(below: 9), 6), (16 + rng.int(below: 25), 2)])
            let risky = serious || debtor || abnormal || rng.chance(perMille: 40)
            for _ in 0..<count {
                let file = rng.weighted([(File.licensing, 33), (.inspection, 30), (.penalty, risky ? 40 : 10), (.confirmation, 8),
                                         (.coercion, risky ? 8 : 2), (.reward, risky ? 1 : 6), (.adjudication, 3)])
                let decided = start.adding(days: rng.int(below: span))
                // Reporting delay in working days: mostly prompt, some counties late more often.
                let lateProne = region == 5 || region == 11 || region == 17
                let delay = rng.chance(perMille: lateProne ? 150 : 20) ? 8 + rng.int(below: 20) : 1 + rng.int(below: 6)
                var reported: CalendarDate? = calendar.workingDay(delay, after: decided)
                if reported! > asOf { reported = asOf }
                if rng.chance(perMille: 40) { reported = nil }
                let n = (sequence[file] ?? 0) + 1
                sequence[file] = n
                let cityLevel = rng.chance(perMille: 150)
                let agency = cityLevel ? "保定市市场监督管理局" : "保定市\(r.name)市场监督管理局"
                let short = cityLevel ? "保" : r.short
                let seqText = String(format6: n)
                let dateText = rng.chance(perMille: 100) ? decided.chinese : rng.chance(perMille: 100) ? decided.description.replacingDashes() : decided.description
                let reportText = reported?.description ?? ""
                switch file {
                case .licensing:
                    let licensingAgency = rng.chance(perMille: 500) ? "保定市行政审批局" : agency
                    let (kind, cert, content) = rng.element([
                        ("登记", "营业执照", "设立登记"), ("普通", "食品经营许可证", "预包装食品销售、热食类食品制售"),
                        ("普通", "食品生产许可证", "糕点、速冻食品生产"), ("普通", "药品经营许可证", "药品零售"),
                        ("核准", "特种设备使用登记证", "电梯使用登记"), ("普通", "工业产品生产许可证", "建筑用钢筋生产"),
                    ])
                    let validTo = rng.chance(perMille: 200) ? "2099-12-31" : decided.adding(years: 5).description
                    let status = rng.weighted([("有效", 950), ("注销", 30), ("撤销", 10), ("吊销", 10)])
                    emit(.licensing, [name, type == "个体工商户" ? "个体工商户" : "法人及非法人组织", code,
                                               "\(short)审批许字〔\(decided.year)〕\(seqText)号", dateText, licensingAgency, licensingAgency,
                                               reportText, "准予行政许可决定书", kind, cert, "JY1\(r.code)\(seqText)", content,
                                               decided.description, validTo, status])
                case .penalty:
                    let natural = rng.chance(perMille: 10)
                    let (types, fine, confiscation) = Self.penalty(&rng)
                    let summary = (types == "警告" || (types == "罚款" && fine != nil && fine! <= 3000)) && rng.chance(perMille: 500)
                    let domain = rng.weighted([("食品", 25), ("药品", 5), ("特种设备", 5), ("其他", 65)])
                    let violation = rng.element(["未按规定公示年度报告", "销售不符合食品安全标准的食品", "虚假广告", "无照经营",
                                                 "计量器具未经检定", "价格违法行为", "侵犯注册商标专用权", "特种设备未经定期检验"])
                    let facts = "经查，当事人存在\(violation)的行为" + (rng.chance(perMille: 50) ? ",涉案货值\(rng.int(below: 90) + 10)元\n（详见案卷）" : "。")
                    let row = [natural ? "\(rng.element(Self.surnames))某某" : name, natural ? "自然人" : (type == "个体工商户" ? "个体工商户" : "法人及非法人组织"),
                               natural ? "" : code, "\(short)市监处罚〔\(decided.year)〕\(seqText)号", dateText, agency, agency,
                               reportText, violation, facts, "《中华人民共和国行政处罚法》等相关规定", types,
                               "\(types)\(fine.map { "\(Amount(fen: Int64($0) * 100).yuanText)元" } ?? "")",
                               fine.map { Amount(fen: Int64($0) * 100).description } ?? "",
                               confiscation.map { Amount(fen: Int64($0) * 100).description } ?? "",
                               summary ? "简易程序" : "普通程序", domain]
                    emit(.penalty, row)
                    if !natural, corrections < max(3, enterpriseCount / 250), rng.chance(perMille: 60), let fine {
                        corrections += 1
                        var corrected = row
                        corrected[13] = Amount(fen: Int64(fine / 2) * 100 + 100).description
                        corrected[12] = "\(types)（复议变更）"
                        emit(.penaltyCorrections, corrected)
                    }
                case .coercion:
                    let measure = rng.weighted([("查封场所、设施或者财物", 40), ("扣押财物", 45), ("冻结存款、汇款", 5), ("强制执行", 5), ("其他", 5)])
                    let until = decided.adding(days: 30)
                    let lifted = until < asOf ? rng.chance(perMille: 900) : rng.chance(perMille: 200)
                    emit(.coercion, [name, code, "\(short)市监强制〔\(decided.year)〕\(seqText)号", dateText, agency, reportText,
                                              measure, until.description, lifted ? "已解除" : "执行中"])
                case .reward:
                    let level = rng.weighted([("国家级", 3), ("省级", 12), ("市级", 35), ("县级", 50)])
                    let award = rng.element(["守合同重信用企业", "质量诚信企业", "放心消费示范单位", "食品安全示范店"])
                    emit(.reward, [name, code, "\(short)市监奖〔\(decided.year)〕\(seqText)号", dateText, agency, reportText,
                                            "\(level)\(award)", level, rng.element(["通报表扬", "颁发证书", "奖金"])])
                case .confirmation:
                    emit(.confirmation, [name, code, "\(short)市监确〔\(decided.year)〕\(seqText)号", dateText, agency, reportText,
                                                  rng.element(["商标侵权认定", "计量器具型式确认", "产品质量检验结论确认"]),
                                                  rng.element(["予以确认", "符合要求"])])
                case .adjudication:
                    let fault = rng.chance(perMille: risky ? 600 : 300)
                    emit(.adjudication, [name, code, "\(short)市监裁〔\(decided.year)〕\(seqText)号", dateText, agency, reportText,
                                                  rng.element(["商标权属纠纷", "消费争议", "计量纠纷"]),
                                                  fault ? "当事人承担责任" : "驳回申请人请求", fault ? "是" : "否"])
                case .inspection:
                    let result = risky
                        ? rng.weighted(InspectionResult.allCases.map { ($0.rawValue, $0 == .noProblem ? 40 : 9) })
                        : rng.weighted(InspectionResult.allCases.map { ($0.rawValue, $0 == .noProblem ? 780 : $0 == .correctedOnOrder ? 100 : $0 == .refused ? 4 : $0 == .falsePublication ? 6 : 30) })
                    emit(.inspection, [name, code, "\(short)市监检〔\(decided.year)〕\(seqText)号", dateText, agency, reportText,
                                                rng.weighted([("双随机抽查", 60), ("定向检查", 15), ("专项检查", 15), ("投诉举报核查", 10)]),
                                                rng.element(["营业执照（登记证）规范使用情况的检查", "年度报告公示信息的检查", "食品经营许可条件的检查",
                                                             "计量器具使用情况的检查", "广告发布情况的检查"]), result])
                default: break
                }
            }
            Self.listsAndCommitments(&listRNG, code: code, name: name, region: r, flags: (abnormal, serious), asOf: asOf,
                                     sequence: &listSequence, emit: emit)
            if rng.chance(perMille: 2) {
                let trigger = rng.element(InspectionTrigger.Kind.allCases)
                emit(.triggers, [code, trigger.rawValue, "线索\(String(format6: index))", asOf.adding(days: -rng.int(below: 60)).description])
            }
        }

        for index in 0..<inspectorCount {
            let region = index < Self.regions.count * 4 ? index % Self.regions.count
                : rng.weighted(Self.regions.indices.map { ($0, Self.regions[$0].weight) })
            let r = Self.regions[region]
            let cityLevel = index >= Self.regions.count * 4 && rng.chance(perMille: 100)
            let fields = rng.chance(perMille: 750) ? "" : (0..<(1 + rng.int(below: 3))).map { _ in rng.element(["C", "F", "H", "E", "L", "O", "A", "G"]) }.joined(separator: ";")
            let certificate = "1306\(String(format6: index + 1))\(rng.int(below: 10))"
            emit(.inspectors, [
                certificate,
                "\(rng.element(Self.surnames))\(rng.element(Self.givenChars))\(rng.chance(perMille: 600) ? String(rng.element(Self.givenChars)) : "")",
                cityLevel ? "保定市市场监督管理局" : "保定市\(r.name)市场监督管理局", cityLevel ? "" : r.code, fields,
                rng.chance(perMille: 50) ? "离岗" : "在岗",
            ])
            // Declared conflicts: a relative's or former employer's business in the same area.
            if rng.chance(perMille: 400), !sampleCodes.isEmpty {
                let target = rng.element(sampleCodes)
                emit(.conflicts, [certificate, target.code,
                                           rng.element(["近亲属任职", "曾在该企业任职", "存在经济往来"])])
            }
        }
    }

    /// A valid code: 9, entity type, division, an organisation code derived from the index
    /// (unique, GB 11714 check), and the GB 32100 check character.
    static func code(index: Int, seed: UInt64, entityDigit: String, region: String) -> String {
        let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
        var value = (index &* 7_919 &+ Int(seed % 1_000_003)) % 887_503_681  // < 31^6
        var body = ""
        for _ in 0..<6 { body = String(alphabet[value % 31]) + body; value /= 31 }
        let org8 = "MA" + body
        return UnifiedSocialCreditCode.completing("9" + entityDigit + region + org8 + organisationCheck(org8))!
    }

    /// The GB 11714 check character of an eight-character organisation code body.
    static func organisationCheck(_ org8: String) -> String {
        let weights = [3, 7, 9, 10, 5, 8, 4, 2]
        var sum = 0
        for (i, c) in org8.enumerated() {
            let v = c.isNumber ? Int(String(c))! : Int(c.asciiValue! - UInt8(ascii: "A")) + 10
            sum += v * weights[i]
        }
        let c = 11 - sum % 11
        return c == 10 ? "X" : c == 11 ? "0" : String(c)
    }

    /// The enterprise's listings and commitments. A register flag 是 has a listing in force on
    /// `asOf` (so the flags and the listings agree on that day); some enterprises without the
    /// flag were listed and moved out before it; a few signed commitments, checked or not yet
    /// (some overdue), a few found false.
    static func listsAndCommitments(_ rng: inout SeededGenerator, code: String, name: String, region r: (code: String, name: String, short: String, weight: Int),
                                    flags: (abnormal: Bool, serious: Bool), asOf: CalendarDate, sequence: inout [File: Int],
                                    emit: (File, [String]) -> Void) {
        let agency = "保定市\(r.name)市场监督管理局"
        func number(_ file: File, _ word: String, _ year: Int) -> String {
            let n = (sequence[file] ?? 0) + 1
            sequence[file] = n
            return "\(word)〔\(year)〕\(String(format6: n))号"
        }
        if flags.abnormal || rng.chance(perMille: 20) {
            let listed = asOf.adding(days: -(30 + rng.int(below: 700)))
            let (reason, removal) = rng.weighted([
                (("未按时公示年报", "补报未报年份的年度报告并公示"), 70), (("通过登记的住所或经营场所无法联系", "依法办理住所变更登记"), 24),
                (("未按责令期限公示有关企业信息", "公示有关企业信息"), 4), (("公示信息隐瞒真实情况弄虚作假", "更正公示信息"), 2),
            ])
            let out = flags.abnormal ? nil : listed.adding(days: 10 + rng.int(below: max(1, asOf.dayNumber - listed.dayNumber - 10)))
            emit(.abnormalList, [code, name, listed.description, reason, agency, number(.abnormalList, "\(r.short)市监异", listed.year),
                                 out?.description ?? "", out == nil ? "" : removal, out == nil ? "" : agency])
        }
        if flags.serious || rng.chance(perMille: 2) {
            // Within the list's three years, so that a flagged enterprise's listing is still in
            // force on `asOf`; one without the flag was moved out early, after a year of listing.
            let listed = flags.serious ? asOf.adding(days: -(30 + rng.int(below: 900))) : asOf.adding(days: -(400 + rng.int(below: 600)))
            let reason = rng.weighted([("列入经营异常名录届满三年仍未履行相关义务", 60), ("食品安全领域严重违法行为", 15),
                                       ("质量安全领域严重违法行为", 10), ("破坏公平竞争秩序和扰乱市场秩序的严重违法行为", 15)])
            let out = flags.serious ? nil : listed.adding(months: 12).adding(days: rng.int(below: max(1, asOf.dayNumber - listed.adding(months: 12).dayNumber)))
            emit(.seriousList, [code, name, listed.description, reason, "保定市市场监督管理局", number(.seriousList, "保市监严", listed.year),
                                out?.description ?? "", out == nil ? "" : "提前移出（信用修复）", out == nil ? "" : "保定市市场监督管理局"])
        }
        if rng.chance(perMille: 30) {
            let (item, itemCode) = rng.element([("食品经营许可", "SP-JY"), ("工业产品生产许可", "GY-SC"), ("检验检测机构资质认定", "JC-ZD")])
            let committed = asOf.adding(days: -rng.int(below: 150))
            let checked = committed.adding(days: 5 + rng.int(below: 40))
            let done = checked <= asOf && rng.chance(perMille: 800)
            let outcome = rng.weighted([("履约", 90), ("未履约", 6), ("虚假承诺", 4)])
            emit(.commitments, [code, name, item, itemCode, committed.description, "保定市行政审批局", number(.commitments, "\(r.short)审批诺", committed.year),
                                "", done ? checked.description : "", done ? outcome : ""])
        }
    }

    /// 处罚类别, fine and confiscation in yuan.
    static func penalty(_ rng: inout SeededGenerator) -> (String, Int?, Int?) {
        let fine = [200, 500, 1000, 2000, 3000, 5000, 10000, 20000, 30000, 50000, 80000, 100000, 200000, 500000]
        switch rng.int(below: 100) {
        case 0..<15: return ("警告", nil, nil)
        case 15..<60: return ("罚款", rng.element(fine), nil)
        case 60..<72: return ("警告;罚款", rng.element(fine), nil)
        case 72..<86: return ("罚款、没收违法所得", rng.element(fine), 100 * (1 + rng.int(below: 200)))
        case 86..<90: return ("通报批评", nil, nil)
        case 90..<94: return ("罚款;没收非法财物", rng.element(fine), 50 * (1 + rng.int(below: 100)))
        case 94..<96: return ("责令停产停业;罚款", rng.element(fine), nil)
        case 96..<98: return ("吊销许可证件", nil, nil)
        default: return ("限制开展生产经营活动", nil, nil)
        }
    }

    /// One CSV line with RFC 4180 quoting, LF-terminated.
    public static func csv(_ fields: [String]) -> String {
        fields.map { f in
            f.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + f.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\"" : f
        }.joined(separator: ",") + "\n"
    }
}

extension String {
    init(format6 n: Int) { self = padded(n, 6) }
    init(format9 n: Int) { self = padded(n, 9) }
    fileprivate func replacingDashes() -> String { String(map { $0 == "-" ? "/" : $0 }) }
}

/// `n` in decimal, left-padded with zeros to `width` digits.
private func padded(_ n: Int, _ width: Int) -> String {
    let digits = String(n)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
}
