import CreditCharts
import CreditCore
@testable import CreditServer
import CreditStore
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Hummingbird
import HummingbirdTesting
import Testing

/// The chart routes answer well-formed SVG (or the figure with its table) to the roles of the
/// matching data routes, through the whole application.
@Suite(.serialized) struct ChartRouteTests {
    let fixture: ServerFixture
    init() throws { fixture = try ServerFixture() }

    static let routes: [(endpoint: Endpoint, title: String)] = [
        (.chartClasses, "企业信用风险分类分布"), (.chartRegions, "各行政区划企业信用风险分类"),
        (.chartPlan, "12个月内至少被抽查一次的概率"), (.chartQuality, "数据质量：合规率与归集及时率"),
        (.enterpriseHistoryChart, "信用风险分类历史"),
    ]

    /// The root element's name, or nil when the text is not well-formed XML.
    static func root(_ text: String) -> String? {
        final class Root: NSObject, XMLParserDelegate {
            var name: String?
            func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                        attributes: [String: String] = [:]) { if self.name == nil { self.name = name } }
        }
        let delegate = Root(), parser = XMLParser(data: Data(text.utf8))
        parser.delegate = delegate
        return parser.parse() ? delegate.name : nil
    }

    /// The route's URI with query parameters (the quality chart over months the fixture has data in).
    func uri(_ endpoint: Endpoint, _ parameters: [String] = []) -> String {
        let all = (endpoint == .chartQuality ? ["from=2026-01", "to=2026-09"] : []) + parameters
        return fixture.uri(endpoint) + (all.isEmpty ? "" : "?" + all.joined(separator: "&"))
    }

    @Test func everyChartRouteAnswersSVGToEachRoleItAdmits() async throws {
        try await fixture.app.test(.router) { client in
            for (endpoint, title) in Self.routes {
                let roles = try #require(endpoint.roles)
                #expect(endpoint.path.hasPrefix("/api/v1/"))
                for role in roles.sorted(by: { $0.rawValue < $1.rawValue }) {
                    try await client.execute(uri: uri(endpoint), method: .get, headers: fixture.headers(role)) { response in
                        #expect(response.status == .ok, "\(endpoint) as \(role)")
                        #expect(response.headers[.contentType] == "image/svg+xml; charset=utf-8")
                        let svg = String(buffer: response.body)
                        #expect(Self.root(svg) == "svg", "\(endpoint): \(svg.prefix(200))")
                        #expect(svg.contains("role=\"img\"") && svg.contains(title), "\(endpoint)")
                        #expect(!svg.contains("无数据"), "\(endpoint) drew no data")
                    }
                }
                try await client.execute(uri: uri(endpoint, ["format=html"]), method: .get, headers: fixture.headers(roles.first!)) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                    let figure = String(buffer: response.body)
                    #expect(Self.root(figure) == "figure", "\(endpoint)")
                    #expect(figure.contains("<svg ") && figure.contains("<table class=\"chart-data\"><caption>"))
                }
            }
        }
    }

    @Test func theRoutesAnswerWhatTheStoreHolds() async throws {
        let regulator = fixture.headers(.regulator)
        let summary = try #require(try ClassificationRunner(database: fixture.database).storedSummary())
        try await fixture.app.test(.router) { client in
            try await client.execute(uri: "/api/v1/charts/classes", method: .get, headers: regulator) { response in
                #expect(String(buffer: response.body) == ChartRenderer().svg(.classDistribution(ClassDistributionChart(summary))))
            }
            try await client.execute(uri: "/api/v1/charts/regions?format=html", method: .get, headers: regulator) { response in
                let figure = String(buffer: response.body)
                // Regions by name with their code (Rules/code-names.yaml).
                for region in summary.byRegion.keys { #expect(figure.contains("（\(region)）</th>")) }
                #expect(figure.contains("<th scope=\"row\">竞秀区（130602）</th>"))
            }
            // A month range: one column of months per agency, the same numbers as the series.
            try await client.execute(uri: "/api/v1/charts/quality?from=2026-07&to=2026-09&format=html", method: .get, headers: regulator) { response in
                #expect(response.status == .ok)
                let series = try QualitySeries.read(fixture.database, from: CalendarMonth("2026-07")!, to: CalendarMonth("2026-09")!,
                                                    calendar: fixture.configuration.calendar)
                #expect(String(buffer: response.body) == ChartRenderer().figureHTML(.quality(QualityTrendChart(series))))
            }
        }
    }

    @Test func badChartRequestsAreRefusedWithTheReason() async throws {
        let officer = fixture.headers(.officer), regulator = fixture.headers(.regulator)
        try await fixture.app.test(.router) { client in
            // A reversed or overlong month range is read leniently (the right way round, its last 120 months).
            for uri in ["/api/v1/charts/quality?from=2026-05&to=2026-03", "/api/v1/charts/quality?from=2000-01&to=2026-03"] {
                try await client.execute(uri: uri, method: .get, headers: officer) { #expect($0.status == .ok, "\(uri)") }
            }
            for (uri, reason) in [("/api/v1/charts/quality?from=2026-13&to=2026-12", "参数 from 须为 YYYY-MM"),
                                  ("/api/v1/charts/classes?format=png", "参数 format 须为 svg 或 html")] {
                try await client.execute(uri: uri, method: .get, headers: officer) { response in
                    #expect(response.status == .badRequest, "\(uri)")
                    #expect(String(buffer: response.body).contains(reason), "\(uri)")
                }
            }
            try await client.execute(uri: "/api/v1/charts/plan?as_of=2026-02-30", method: .get, headers: regulator) { #expect($0.status == .badRequest) }
            try await client.execute(uri: "/api/v1/enterprises/91350100M000100Y43/history.svg", method: .get, headers: officer) { response in
                #expect(response.status == .notFound)
                #expect(String(buffer: response.body).contains("不在企业名录中"))
            }
            // Officers see classes, not the plan; auditors the plan, not classes.
            try await client.execute(uri: "/api/v1/charts/plan", method: .get, headers: officer) { #expect($0.status == .forbidden) }
            try await client.execute(uri: "/api/v1/charts/classes", method: .get, headers: fixture.headers(.auditor)) { #expect($0.status == .forbidden) }
        }
    }

    /// An enterprise's history chart shows its class, so looking at it is logged like the enterprise.
    @Test func aHistoryChartIsALoggedLookup() async throws {
        try await fixture.app.test(.router) { client in
            try await client.execute(uri: "/api/v1/enterprises/\(fixture.sampleCode)/history.svg", method: .get, headers: fixture.headers(.officer)) {
                #expect($0.status == .ok)
            }
        }
        let lookups = try fixture.lookupJournal.events()
        #expect(lookups.contains { $0.payload["uscc"] == .string(fixture.sampleCode) && $0.payload["what"] == .string("history chart") })
    }
}
