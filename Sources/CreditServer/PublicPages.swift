import CreditRepair

/// The public credit service's pages (信用查询, 报告核验, 信用修复申请): server-rendered, readable
/// without JavaScript, on a phone and in print. They show only what the law makes public and
/// are headed by the issuing agency, not by the software.
enum PublicPages {
    static let style = """
    <style>
    body { font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; margin: 0; color: #1f2328; background: #f6f8fa; line-height: 1.6; }
    header { background: #b71c1c; color: #fff; padding: 0.8em 1.2em; }
    header .agency { font-size: 1.2em; font-weight: bold; }
    header nav { display: flex; flex-wrap: wrap; gap: 1.2em; margin-top: 0.4em; }
    header nav a { color: #fff; text-decoration: underline; }
    main { max-width: 1000px; margin: 0 auto; padding: 1em; }
    h1 { font-size: 1.4em; } h2 { font-size: 1.15em; margin-top: 1.4em; border-bottom: 1px solid #d0d7de; }
    form.search { display: flex; gap: 0.5em; flex-wrap: wrap; }
    form.search input[type=search] { flex: 1 1 16em; font-size: 1.05em; padding: 0.5em; border: 1px solid #6e7781; border-radius: 6px; }
    button, .button { font-size: 1em; padding: 0.45em 0.9em; border: 1px solid #b71c1c; background: #b71c1c; color: #fff; border-radius: 6px; cursor: pointer; text-decoration: none; }
    table { border-collapse: collapse; width: 100%; background: #fff; font-size: 0.95em; }
    th, td { border: 1px solid #d0d7de; padding: 0.4em 0.5em; text-align: left; vertical-align: top; word-break: break-word; }
    th { background: #eef1f4; white-space: nowrap; }
    td.date, th.date, td.code { white-space: nowrap; word-break: normal; }
    code { word-break: break-all; }
    @media (max-width: 640px) { table { display: block; overflow-x: auto; } th { white-space: normal; } th, td { min-width: 4em; word-break: normal; } header nav { gap: 0.4em 1em; } }
    .muted { color: #4b535c; } .ok { color: #1a7f37; font-weight: bold; } .bad { color: #b71c1c; font-weight: bold; }
    ol.results { padding-left: 1.4em; } ol.results li { padding: 0.3em 0; }
    .pager { display: flex; gap: 1em; margin: 1em 0; }
    label { display: block; margin: 0.6em 0 0.2em; }
    input[type=text], input[type=tel] { font-size: 1em; padding: 0.4em; width: 100%; max-width: 30em; box-sizing: border-box; border: 1px solid #6e7781; border-radius: 6px; }
    footer { max-width: 1000px; margin: 2em auto; padding: 0 1em; font-size: 0.85em; color: #4b535c; }
    @media print { header nav, form, .pager, button, .button { display: none; } body { background: #fff; } }
    </style>
    """

    static func layout(agency: String, title: String, body: String, script: String = "") -> String {
        """
        <!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escapedMarkup(title)) — \(escapedMarkup(agency))</title>\(style)</head><body>
        <header><div class="agency">\(escapedMarkup(agency))</div>
        <nav aria-label="公共服务"><a href="/public/credit">企业信用查询</a><a href="/public/reports">信用报告核验</a><a href="/public/repairs">信用修复申请</a><a href="/public/draws">双随机抽查公示</a></nav></header>
        <main>\(body)</main>
        <footer>本网站公示的信息依据《企业信息公示暂行条例》《市场监督管理行政处罚信息公示规定》等规定提供；行政处罚信息仅在公示期内公示。</footer>
        \(script.isEmpty ? "" : "<script>\(script)</script>")</body></html>
        """
    }

    /// A table of label/value rows.
    static func fields(_ rows: [(String, String)]) -> String {
        "<table>" + rows.map { "<tr><th scope=\"row\">\(escapedMarkup($0.0))</th><td>\(escapedMarkup($0.1))</td></tr>" }.joined() + "</table>"
    }
}
