import CreditCharts
import CreditCore
import CreditRepair
import CreditRules
import CreditSampling
import CreditStore
import Hummingbird

/// The charts: each answers `image/svg+xml` (`?format=svg`, the default) or, with
/// `?format=html`, an HTML fragment — a `<figure>` holding the SVG and the table of its numbers —
/// that a page fetching with its token inserts as it is (an `<img>` cannot send the token).
extension Handlers {
    func chart(_ chart: Chart, _ request: Request) throws -> Response {
        let renderer = ChartRenderer()
        switch request.uri.queryParameters.get("format").map({ String($0) }) ?? "svg" {
        case "svg": return body(ByteBuffer(string: renderer.svg(chart)), type: "image/svg+xml; charset=utf-8")
        case "html": return body(ByteBuffer(string: renderer.figureHTML(chart)), type: "text/html; charset=utf-8")
        case let other: throw APIError.badRequest("参数 format 须为 svg 或 html，现为 '\(other)'")
        }
    }

    /// The latest stored run's summary (404 before the first run).
    func latestSummary() async throws -> ClassificationRunSummary {
        let database = database
        guard let summary = try await offload({ try ClassificationRunner(database: database).storedSummary() }) else {
            throw APIError.notFound("尚无已保存的信用风险分类结果")
        }
        return summary
    }

    /// Enterprises per class in the latest stored run.
    func classesChart(_ request: Request) async throws -> Response {
        try chart(.classDistribution(ClassDistributionChart(try await latestSummary())), request)
    }

    /// Class shares per 行政区划 in the latest stored run.
    func regionsChart(_ request: Request) async throws -> Response {
        let names = configuration.repairRules.codeNames
        return try chart(.regions(RegionClassChart(try await latestSummary(), regionName: { names.region($0) })), request)
    }

    /// The chance of inspection within 12 months per class (`?as_of=`, default today).
    func planChart(_ request: Request) async throws -> Response {
        let asOf = try date(request.uri.queryParameters.get("as_of").map { String($0) }, name: "as_of") ?? now().chinaDate
        let (plan, planText) = (configuration.samplingPlan, configuration.samplingPlanText)
        do {
            let counted = try await DrawStore(database: database).preview(asOf: asOf, plan: plan, planText: planText)
            let preview = PlanPreview(plan: plan, strata: counted.strata)
            return try chart(.inspectionChance(InspectionChanceChart(preview, asOf: asOf)), request)
        }
    }

    /// 合规率 and 归集及时率 per agency, month by month (`?from=YYYY-MM&to=YYYY-MM`; default the
    /// twelve months up to this one), read in one read transaction.
    func qualityChart(_ request: Request) async throws -> Response {
        func month(_ name: String) throws -> CalendarMonth? {
            try request.uri.queryParameters.get(name).map { text in
                guard let month = CalendarMonth(String(text)) else { throw APIError.badRequest("参数 \(name) 须为 YYYY-MM，现为 '\(text)'") }
                return month
            }
        }
        var to = try month("to") ?? CalendarMonth(now().chinaDate)
        var from = try month("from") ?? CalendarMonth(to.firstDay.adding(months: -11))
        // A reversed range is read the right way round; a longer one keeps its last
        // `maximumMonths` months (the chart says which months it shows).
        if to.firstDay < from.firstDay { swap(&from, &to) }
        if (try? QualitySeries.months(from: from, to: to)) == nil {
            from = CalendarMonth(to.firstDay.adding(months: -(QualitySeries.maximumMonths - 1)))
        }
        let (database, calendar, first, last) = (database, configuration.calendar, from, to)
        let series = try await offload { try QualitySeries.read(database, from: first, to: last, calendar: calendar) }
        return try chart(.quality(QualityTrendChart(series)), request)
    }

    /// An enterprise's class in every stored run (a lookup: logged like the enterprise route).
    func historyChart(_ request: Request, _ context: CreditRequestContext) async throws -> Response {
        let uscc = try code(context)
        let database = database
        guard let timeline = try await offload({ try ClassificationRunner(database: database).historyChart(uscc) }) else {
            throw APIError.notFound("\(uscc) 不在企业名录中")
        }
        let response = try chart(.history(timeline), request)
        try await logLookup(context, uscc: uscc, what: "history chart")
        return response
    }
}
