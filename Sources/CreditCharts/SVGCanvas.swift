import CreditCore

/// SVG markup written by hand. No charting library is available offline (and the pages run
/// no third-party JavaScript), and the handful of shapes a chart needs — rectangles, lines,
/// circles, text — are a few lines each. Every number is written with at most one decimal
/// and every element in the order it was drawn, so the same chart gives the same bytes.
struct SVGCanvas: Sendable {
    private(set) var markup = ""

    enum Anchor: String { case start, middle, end }

    mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: String,
                       stroke: String? = nil, tooltip: String? = nil) {
        markup += "<rect x=\"\(number(x))\" y=\"\(number(y))\" width=\"\(number(max(0, width)))\" height=\"\(number(max(0, height)))\" fill=\"\(fill)\""
        if let stroke { markup += " stroke=\"\(stroke)\"" }
        closing("rect", tooltip)
    }

    /// Text whose vertical centre is `y` (baselines are placed by arithmetic; renderers differ
    /// in `dominant-baseline`).
    mutating func text(_ text: String, x: Double, y: Double, size: Double = ChartStyle.fontSize, anchor: Anchor = .start,
                       fill: String = ChartStyle.text, bold: Bool = false) {
        markup += "<text x=\"\(number(x))\" y=\"\(number(y + size * 0.36))\" font-size=\"\(number(size))\""
        if anchor != .start { markup += " text-anchor=\"\(anchor.rawValue)\"" }
        if bold { markup += " font-weight=\"bold\"" }
        markup += " fill=\"\(fill)\">\(xmlEscaped(text))</text>"
    }

    mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: String, width: Double = 1, dashed: Bool = false) {
        markup += "<line x1=\"\(number(x1))\" y1=\"\(number(y1))\" x2=\"\(number(x2))\" y2=\"\(number(y2))\" stroke=\"\(stroke)\" stroke-width=\"\(number(width))\""
        if dashed { markup += " stroke-dasharray=\"4 3\"" }
        markup += "/>"
    }

    mutating func polyline(_ points: [(x: Double, y: Double)], stroke: String, width: Double = 2) {
        let list = points.map { "\(number($0.x)),\(number($0.y))" }.joined(separator: " ")
        markup += "<polyline points=\"\(list)\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"\(number(width))\" stroke-linejoin=\"round\"/>"
    }

    mutating func circle(x: Double, y: Double, radius: Double, fill: String, stroke: String? = nil, tooltip: String? = nil) {
        markup += "<circle cx=\"\(number(x))\" cy=\"\(number(y))\" r=\"\(number(radius))\" fill=\"\(fill)\""
        if let stroke { markup += " stroke=\"\(stroke)\" stroke-width=\"2\"" }
        closing("circle", tooltip)
    }

    /// A group of shapes with the hover text `label` (the whole SVG is one `role="img"` for
    /// screen readers, which read its `<desc>` and the data table instead).
    mutating func group(label: String, _ draw: (inout SVGCanvas) -> Void) {
        markup += "<g><title>\(xmlEscaped(label))</title>"
        draw(&self)
        markup += "</g>"
    }

    mutating func raw(_ text: String) { markup += text }

    /// Ends an empty element, or gives it a `<title>` child (the hover text of a shape).
    private mutating func closing(_ element: String, _ tooltip: String?) {
        if let tooltip { markup += "><title>\(xmlEscaped(tooltip))</title></\(element)>" } else { markup += "/>" }
    }
}

/// A coordinate with at most one decimal: `12`, `12.5`, `-3.2` (never `-0`).
func number(_ value: Double) -> String {
    guard value.isFinite else { return "0" }
    let tenths = Int((value * 10).rounded())
    let sign = tenths < 0 ? "-" : ""
    let magnitude = tenths.magnitude
    return magnitude % 10 == 0 ? "\(sign)\(magnitude / 10)" : "\(sign)\(magnitude / 10).\(magnitude % 10)"
}

/// Sizes and colours shared by every chart.
enum ChartStyle {
    /// The drawing's width in user units. Text sizes are chosen so that at 400 px wide the
    /// smallest text is still about 10 px (the charts scale through their `viewBox`).
    static let width = 440.0
    static let margin = 12.0
    static let fontSize = 13.0
    static let smallFontSize = 12.0
    static let titleFontSize = 16.0
    /// Body text: 15.8:1 on white.
    static let text = "#1f2328"
    /// Secondary text: 6.4:1 on white (WCAG AA needs 4.5:1).
    static let mutedText = "#57606a"
    static let gridLine = "#d0d7de"
    static let background = "#ffffff"
    static let panel = "#f6f8fa"
    static let fontFamily = "'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',sans-serif"
}

/// An estimate of how wide a text is drawn, in user units: CJK and full-width characters are
/// one em, Latin letters and digits about 0.6 em. Good enough to lay out labels; the layout
/// leaves room for the error.
func textWidth(_ text: String, size: Double = ChartStyle.fontSize) -> Double {
    var ems = 0.0
    for scalar in text.unicodeScalars {
        switch scalar.value {
        case 0x20: ems += 0.3
        case 0..<0x2E80: ems += 0.6
        default: ems += 1.0
        }
    }
    return ems * size
}

/// The text cut to `width` with an ellipsis (the whole text stays in the data table).
func fitted(_ text: String, width: Double, size: Double = ChartStyle.fontSize) -> String {
    guard textWidth(text, size: size) > width else { return text }
    var kept = ""
    for character in text {
        if textWidth(kept + String(character) + "…", size: size) > width { break }
        kept.append(character)
    }
    return kept + "…"
}
