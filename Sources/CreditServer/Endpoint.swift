import CreditStore
import HTTPTypes

/// Every route of the server with the roles it admits (nil = public). One table: the router
/// is built from it, the OpenAPI file is checked against it, and the access-matrix test walks it.
public enum Endpoint: String, CaseIterable, Sendable {
    case health, me, search, enterprise, report, eligibility, enterpriseNotices, notice, quality
    case repairs, repairCreate, repairDecide
    case draws, drawPrepare, drawRun, drawPlan, drawShow, drawVoid, drawBundle, drawResults
    case officerPage, enterprisePage, drawPage, publicDraws, publicDraw, publicResults, publicReceipt, publicCommitment
    case enterpriseReminders
    case publicCredit, publicEnterprise, publicReportIssue, publicReports, publicReportLookup, publicReportVerify
    case publicRepairs, publicRepairSubmit, publicRepairStatus
    case chartClasses, chartRegions, chartPlan, chartQuality, enterpriseHistoryChart

    public var method: HTTPRequest.Method {
        switch self {
        case .repairCreate, .repairDecide, .drawPrepare, .drawRun, .drawVoid, .drawResults, .publicReportIssue, .publicReportVerify,
             .publicRepairSubmit: .post
        default: .get
        }
    }

    /// The path in Hummingbird's syntax (`{name}` parameters).
    public var path: String {
        switch self {
        case .health: "/api/v1/health"
        case .me: "/api/v1/me"
        case .search: "/api/v1/enterprises"
        case .enterprise: "/api/v1/enterprises/{uscc}"
        case .report: "/api/v1/enterprises/{uscc}/report"
        case .eligibility: "/api/v1/enterprises/{uscc}/eligibility"
        case .enterpriseNotices: "/api/v1/enterprises/{uscc}/notices"
        case .notice: "/api/v1/notices/{number}"
        case .quality: "/api/v1/quality"
        case .repairs: "/api/v1/repairs"
        case .repairCreate: "/api/v1/repairs"
        case .repairDecide: "/api/v1/repairs/{id}/decision"
        case .draws: "/api/v1/draws"
        case .drawPrepare: "/api/v1/draws"
        case .drawRun: "/api/v1/draws/{id}/run"
        case .drawPlan: "/api/v1/draw-plan"
        case .drawShow: "/api/v1/draws/{id}"
        case .drawVoid: "/api/v1/draws/{id}/void"
        case .drawBundle: "/api/v1/draws/{id}/bundle"
        case .drawResults: "/api/v1/draws/{id}/results"
        case .officerPage: "/"
        case .enterprisePage: "/enterprises/{uscc}"
        case .drawPage: "/draws"
        case .publicDraws: "/public/draws"
        case .publicDraw: "/public/draws/{id}"
        case .publicResults: "/public/draws/{id}/results"
        case .publicReceipt: "/public/draws/{id}/receipt.json"
        case .enterpriseReminders: "/api/v1/enterprises/{uscc}/reminders"
        case .publicCredit: "/public/credit"
        case .publicEnterprise: "/public/credit/{uscc}"
        case .publicReportIssue: "/public/credit/{uscc}/report"
        case .publicReports: "/public/reports"
        case .publicReportLookup: "/public/reports/lookup"
        case .publicReportVerify: "/public/reports/verify"
        case .publicRepairs, .publicRepairSubmit: "/public/repairs"
        case .publicRepairStatus: "/public/repairs/status"
        case .chartClasses: "/api/v1/charts/classes"
        case .chartRegions: "/api/v1/charts/regions"
        case .chartPlan: "/api/v1/charts/plan"
        case .chartQuality: "/api/v1/charts/quality"
        case .enterpriseHistoryChart: "/api/v1/enterprises/{uscc}/history.svg"
        case .publicCommitment: "/public/draws/{id}/commitment.json"
        }
    }

    /// Roles admitted; nil = public (no token needed). Pages are shells without data: the
    /// data they show comes from the API with the officer's token.
    public var roles: Set<Role>? {
        switch self {
        case .health, .officerPage, .enterprisePage, .drawPage, .publicDraws, .publicDraw, .publicResults, .publicReceipt, .publicCommitment: nil
        case .publicCredit, .publicEnterprise, .publicReportIssue, .publicReports, .publicReportLookup, .publicReportVerify: nil
        case .publicRepairs, .publicRepairSubmit, .publicRepairStatus: nil
        case .search, .enterprise, .report, .eligibility, .enterpriseNotices, .notice, .repairs, .enterpriseReminders: [.officer, .regulator]
        case .chartClasses, .chartRegions, .enterpriseHistoryChart: [.officer, .regulator]
        case .quality, .chartQuality, .me: [.officer, .regulator, .auditor]
        case .repairCreate, .repairDecide, .drawPrepare, .drawRun, .drawVoid, .drawResults: [.regulator]
        case .draws, .drawShow, .drawPlan, .chartPlan: [.regulator, .auditor]
        case .drawBundle: [.auditor]
        }
    }

    /// Public routes must never show a class, a score or personal data.
    public var isPublic: Bool { roles == nil }

    /// Routes of the public credit service: anyone may call them, so each client address is
    /// rate-limited there.
    public var isRateLimited: Bool { path.hasPrefix("/public/") }
}
