import CreditRepair
import Foundation
#if canImport(Glibc)
import Glibc
#endif

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
        let pid = try spawn(arguments, environment: environment, log: log.path)
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var status: Int32 = 0
        // Polled: a conversion takes seconds, so 50 ms of polling costs nothing.
        while waitpid(pid, &status, WNOHANG) == 0 {
            if clock.now >= deadline {
                // The whole group: LibreOffice's soffice script and Chromium both leave helpers.
                kill(-pid, SIGTERM)
                for _ in 0..<60 where waitpid(pid, &status, WNOHANG) == 0 { Thread.sleep(forTimeInterval: 0.05) }
                kill(-pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                throw .timedOut(engine: engine, seconds: Int(timeout.components.seconds))
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        // WIFEXITED / WEXITSTATUS, which Swift does not import.
        let exitCode: Int32 = status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        guard exitCode == 0 else {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            throw .failed(engine: engine, status: exitCode, detail: Self.lastLines(text))
        }
    }

    /// Starts the engine in a process group of its own with no blocked signals (a thread of the
    /// server or of Swift's concurrency pool blocks SIGTERM, and `Foundation.Process` passes that
    /// mask on, so a hung engine could not be stopped), output to `log`, input from /dev/null.
    private func spawn(_ arguments: [String], environment: [String: String], log: String) throws(PDFError) -> pid_t {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        posix_spawnattr_setsigmask(&attributes, &unblocked)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGPIPE] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }
        var pid = pid_t()
        var status = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        // ETXTBSY: the executable is still open for writing somewhere — typically a process
        // forked elsewhere in this one while the file was being written (an engine just
        // installed, a test's stand-in script) that has not yet reached its exec. It passes.
        var attempts = 0
        while status == ETXTBSY, attempts < 200 {  // up to 10 s: a forked engine may hold it that long
            attempts += 1
            usleep(50_000)
            status = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        }
        guard status == 0 else {
            throw .failed(engine: engine, status: -1, detail: "cannot start \(executable): \(String(cString: strerror(status)))")
        }
        return pid
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
