import CreditRepair
import Foundation

/// Turns a rendered document into PDF with what the machine has installed: headless Chromium
/// prints the HTML (its print stylesheet sets the GB/T 9704 page, page numbers and running head),
/// LibreOffice converts the DOCX (its footers carry the PAGE field). No Swift package in the
/// mirrors lays out CJK text into PDF, so this adapter launches one of the two as a process,
/// in a temporary folder of its own with a timeout.
public struct PDFConverter: Sendable, Hashable {
    public enum Engine: String, Sendable, Hashable, CaseIterable {
        case chromium
        case libreOffice = "libreoffice"

        /// Executable names looked for on `PATH`, in order.
        var executables: [String] {
            switch self {
            case .chromium: ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]
            case .libreOffice: ["soffice", "libreoffice"]
            }
        }

        /// The format the engine converts from.
        public var source: DocumentFormat { self == .chromium ? .html : .docx }
    }

    public var engine: Engine
    /// Full path of the executable.
    public var executable: String
    /// How long a conversion may take before the process is stopped.
    public var timeout: Duration

    public init(engine: Engine, executable: String, timeout: Duration = .seconds(120)) {
        self.engine = engine; self.executable = executable; self.timeout = timeout
    }

    /// The first installed engine in order of preference.
    /// - Parameters:
    ///   - preferring: engines to look for, in order (default: Chromium, then LibreOffice).
    ///   - searchPath: a `PATH`-style list of folders (default: this process's `PATH`).
    /// - Throws: `PDFError.noConverter` naming what to install.
    public static func installed(preferring engines: [Engine] = Engine.allCases,
                                 searchPath: String? = ProcessInfo.processInfo.environment["PATH"]) throws(PDFError) -> PDFConverter {
        let folders = (searchPath ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":").map(String.init)
        for engine in engines {
            for name in engine.executables {
                for folder in folders {
                    let path = (folder as NSString).appendingPathComponent(name)
                    if FileManager.default.isExecutableFile(atPath: path) { return PDFConverter(engine: engine, executable: path) }
                }
            }
        }
        throw .noConverter(searched: engines)
    }

    /// Converts `source` (HTML for Chromium, DOCX for LibreOffice) to PDF bytes.
    public func convert(_ source: Data) throws(PDFError) -> Data {
        let fileManager = FileManager.default
        let folder = fileManager.temporaryDirectory.appendingPathComponent("credit-pdf-\(UUID().uuidString)")
        do { try fileManager.createDirectory(at: folder, withIntermediateDirectories: true) } catch {
            throw .io("cannot create \(folder.path): \(error.localizedDescription)")
        }
        defer { try? fileManager.removeItem(at: folder) }
        let input = folder.appendingPathComponent("document.\(engine.source.rawValue)")
        let output = folder.appendingPathComponent("document.pdf")
        do { try source.write(to: input) } catch { throw .io("cannot write \(input.path): \(error.localizedDescription)") }
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = folder.path  // profiles and caches stay in the folder, removed afterwards
        let arguments: [String]
        switch engine {
        case .chromium:
            arguments = ["--headless", "--disable-gpu", "--no-first-run", "--no-default-browser-check", "--disable-extensions",
                         "--user-data-dir=\(folder.appendingPathComponent("profile").path)", "--no-pdf-header-footer",
                         "--print-to-pdf=\(output.path)"] + (getuid() == 0 ? ["--no-sandbox"] : []) + [input.absoluteString]
        case .libreOffice:
            // The GB/T 9704 font names are missing on most machines: fontconfig aliases send them
            // to the Chinese faces installed (Noto CJK SC serif for 仿宋 and 小标宋, sans for 黑体).
            let fonts = folder.appendingPathComponent("fonts.conf")
            do { try Data(Self.fontAliases.utf8).write(to: fonts) } catch { throw .io("cannot write \(fonts.path)") }
            environment["FONTCONFIG_FILE"] = fonts.path
            arguments = ["--headless", "--norestore", "--nolockcheck", "--nodefault",
                         "-env:UserInstallation=\(folder.appendingPathComponent("profile").absoluteString)",
                         "--convert-to", "pdf", "--outdir", folder.path, input.path]
        }
        try run(arguments, environment: environment, log: folder.appendingPathComponent("log.txt"))
        guard let pdf = fileManager.contents(atPath: output.path), pdf.starts(with: Array("%PDF-".utf8)) else {
            let log = (try? String(contentsOf: folder.appendingPathComponent("log.txt"), encoding: .utf8)) ?? ""
            throw .failed(engine: engine, status: 0, detail: "no PDF was written" + (log.isEmpty ? "" : ": " + Self.lastLines(log)))
        }
        return pdf
    }

    /// Runs the engine, its output into `log`, stopping it after `timeout`.
    private func run(_ arguments: [String], environment: [String: String], log: URL) throws(PDFError) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = log.deletingLastPathComponent()
        let handle: FileHandle
        do {
            guard FileManager.default.createFile(atPath: log.path, contents: nil) else { throw PDFError.io("cannot create \(log.path)") }
            handle = try FileHandle(forWritingTo: log)
            process.standardOutput = handle
            process.standardError = handle
            process.standardInput = FileHandle.nullDevice
            try process.run()
        } catch {
            throw .failed(engine: engine, status: -1, detail: "cannot start \(executable): \(error.localizedDescription)")
        }
        defer { try? handle.close() }
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        if !process.isRunning { finished.signal() }
        if finished.wait(timeout: .now() + seconds) == .timedOut {
            process.terminate()
            _ = finished.wait(timeout: .now() + 5)
            throw .timedOut(engine: engine, seconds: Int(seconds))
        }
        guard process.terminationStatus == 0 else {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            throw .failed(engine: engine, status: process.terminationStatus, detail: Self.lastLines(text))
        }
    }

    static func lastLines(_ text: String) -> String {
        text.split(separator: "\n").suffix(3).joined(separator: " / ")
    }

    /// fontconfig aliases for the GB/T 9704 faces, on top of the system configuration.
    static let fontAliases = """
        <?xml version="1.0"?>
        <!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
        <fontconfig>
          <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
          <alias binding="same"><family>方正小标宋简体</family><prefer><family>FZXiaoBiaoSong-B05S</family><family>Noto Serif CJK SC</family><family>Source Han Serif SC</family></prefer></alias>
          <alias binding="same"><family>仿宋_GB2312</family><prefer><family>仿宋</family><family>FangSong</family><family>Noto Serif CJK SC</family><family>Source Han Serif SC</family></prefer></alias>
          <alias binding="same"><family>仿宋</family><prefer><family>FangSong</family><family>Noto Serif CJK SC</family></prefer></alias>
          <alias binding="same"><family>楷体_GB2312</family><prefer><family>楷体</family><family>KaiTi</family><family>AR PL UKai CN</family><family>Noto Serif CJK SC</family></prefer></alias>
          <alias binding="same"><family>黑体</family><prefer><family>SimHei</family><family>Noto Sans CJK SC</family><family>Source Han Sans SC</family></prefer></alias>
          <alias binding="same"><family>宋体</family><prefer><family>SimSun</family><family>Noto Serif CJK SC</family></prefer></alias>
        </fontconfig>
        """
}

/// Why no PDF could be made; the messages are for the officer at the terminal or the page.
public enum PDFError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Neither engine is installed.
    case noConverter(searched: [PDFConverter.Engine])
    /// The engine ran and failed.
    case failed(engine: PDFConverter.Engine, status: Int32, detail: String)
    case timedOut(engine: PDFConverter.Engine, seconds: Int)
    /// The temporary folder could not be used.
    case io(String)

    public var description: String {
        switch self {
        case .noConverter(let engines):
            "无法生成 PDF：本机未安装"
                + engines.map { $0 == .chromium ? "Chromium（chromium 或 google-chrome，转换 HTML 版）" : "LibreOffice（soffice，转换 DOCX 版）" }
                    .joined(separator: "或")
                + "。请安装其中之一（例如 apt-get install chromium 或 apt-get install libreoffice-writer），或改用 --format html / docx"
        case .failed(let engine, let status, let detail):
            "PDF 转换失败（\(engine.displayName) 退出码 \(status)）：\(detail)"
        case .timedOut(let engine, let seconds):
            "PDF 转换超时：\(engine.displayName) 在 \(seconds) 秒内未完成"
        case .io(let detail):
            "PDF 转换失败：\(detail)"
        }
    }
}

extension PDFConverter.Engine {
    var displayName: String { self == .chromium ? "Chromium" : "LibreOffice" }
}

extension DocumentRenderer {
    /// Renders a document in any format, PDF included: the document is rendered in the engine's
    /// source format (HTML for Chromium, DOCX for LibreOffice) and converted.
    /// - Parameter converter: the engine for PDF; nil when none is installed (asking for PDF then
    ///   throws `PDFError.noConverter`).
    public func render<D: PrintableDocument>(_ document: D, as format: DocumentFormat, pdf converter: PDFConverter?) throws -> RenderedDocument {
        guard format == .pdf else { return try render(document, as: format) }
        guard let converter else { throw PDFError.noConverter(searched: PDFConverter.Engine.allCases) }
        let source = try render(document, as: converter.engine.source)
        return RenderedDocument(bytes: try converter.convert(source.bytes), mediaType: "application/pdf",
                                fileName: "\(document.fileStem).pdf")
    }
}
