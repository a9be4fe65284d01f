#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A whole file read into one byte array with the system calls, straight into the array's
/// storage: a data export of 300 MB costs one copy out of the page cache, where reading it as
/// `Data` and converting took two to three times as long (1M-enterprise city: 1.0–1.3 → 0.45 s).
enum FileBytes {
    /// The regular file's size, or nil when it is not one.
    static func size(of path: String) -> Int? {
        var status = stat()
        guard stat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return nil }
        return Int(status.st_size)
    }

    /// The regular file's bytes, or nil when it cannot be opened or read in full.
    static func contents(of path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return nil }
        let size = Int(status.st_size)
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            count = 0
            while count < size {
                let got = read(fd, buffer.baseAddress! + count, size - count)
                if got > 0 { count += got } else if got < 0, errno == EINTR { continue } else { break }
            }
        }
        return bytes.count == size ? bytes : nil
    }

    /// Up to the first `count` bytes of a regular file, or nil when it cannot be read.
    static func prefix(of path: String, count: Int) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return nil }
        let size = min(Int(status.st_size), count)
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, got in
            got = 0
            while got < size {
                let n = read(fd, buffer.baseAddress! + got, size - got)
                if n > 0 { got += n } else if n < 0, errno == EINTR { continue } else { break }
            }
        }
        return bytes
    }
}
