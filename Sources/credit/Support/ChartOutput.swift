import CreditCharts
import Foundation

/// `--chart FILE`: writes a chart as an SVG file (replaced whole, never half-written) and says
/// so on standard error, so that `--format json` output stays pure JSON.
func writeChart(_ chart: Chart, to path: String) throws {
    do { try Data(ChartRenderer().svg(chart).utf8).write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
        throw CLIError("cannot write chart \(path): \(error.localizedDescription)")
    }
    printError("图表已写入 \(path)（\(chart.title)）")
}

/// A second chart's file beside the first: `classes.svg` → `classes-regions.svg`.
func chartPath(_ path: String, suffix: String) -> String {
    let url = URL(fileURLWithPath: path)
    let ext = url.pathExtension.isEmpty ? "svg" : url.pathExtension
    let stem = url.deletingPathExtension().lastPathComponent
    let directory = (path as NSString).deletingLastPathComponent
    return (directory as NSString).appendingPathComponent("\(stem)\(suffix).\(ext)")
}

extension DataTable {
    /// The table for a terminal, numbers right-aligned.
    func textTable(rightAligned: Set<Int>) -> TextTable {
        var table = TextTable(columns, rightAligned: rightAligned)
        for row in rows { table.add(row) }
        return table
    }
}
