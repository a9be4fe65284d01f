#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A file that could not be created or written.
struct FileWriteError: Error, CustomStringConvertible {
    var path: String
    var code: Int32
    var description: String { "\(path): \(String(cString: strerror(code)))" }
}

/// Writes `bytes` to `path` (created with mode 0666 less the umask, or truncated), with plain
/// `open`/`write`/`close` and no fsync: for many small output files, where a sync each would
/// make the batch wait on the disk once per file.
func writeFile(_ bytes: Data, to path: String) throws(FileWriteError) {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
    guard fd >= 0 else { throw FileWriteError(path: path, code: errno) }
    let failure: Int32? = bytes.withUnsafeBytes { raw -> Int32? in
        guard let start = raw.baseAddress else { return nil }
        var offset = 0
        while offset < raw.count {
            let n = write(fd, start + offset, raw.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += n
        }
        return nil
    }
    if let failure { close(fd); throw FileWriteError(path: path, code: failure) }
    guard close(fd) == 0 else { throw FileWriteError(path: path, code: errno) }
}
