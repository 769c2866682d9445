#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// A read-only memory-mapped file.
///
/// Loaders read through ``bytes`` with explicit bounds checks; only the pages they touch are
/// read from disk (a GGUF loader touches the metadata, never the tensors).
final class MappedFile {
  let path: String
  /// The file's bytes (empty for an empty file).
  let bytes: UnsafeBufferPointer<UInt8>
  private let mapping: UnsafeMutableRawPointer?
  private let length: Int

  /// Maps `path` read-only.
  ///
  /// - Throws: ``TokenizerError`` when the file cannot be opened, is a directory or cannot be mapped.
  init(path: String) throws(TokenizerError) {
    self.path = path
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else {
      throw TokenizerError(path: path, message: "cannot open: \(Self.errnoText())")
    }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else {
      throw TokenizerError(path: path, message: "cannot stat: \(Self.errnoText())")
    }
    guard (info.st_mode & S_IFMT) == S_IFREG else {
      throw TokenizerError(path: path, message: "not a regular file")
    }
    let size = Int(info.st_size)
    length = size
    if size == 0 {
      mapping = nil
      bytes = UnsafeBufferPointer(start: nil, count: 0)
      return
    }
    let pointer = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0)
    guard let pointer, pointer != MAP_FAILED else {
      throw TokenizerError(path: path, message: "cannot map \(size) bytes: \(Self.errnoText())")
    }
    mapping = pointer
    bytes = UnsafeBufferPointer(start: pointer.assumingMemoryBound(to: UInt8.self), count: size)
  }

  deinit {
    if let mapping { munmap(mapping, length) }
  }

  private static func errnoText() -> String {
    String(cString: strerror(errno))
  }

  /// Whether a file exists at `path` (and is not a directory).
  static func isRegularFile(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
  }
}
