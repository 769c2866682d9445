import CStrait
import Strait

/// Reading a caller's `strait_compile_options`, whichever header version it was built with.
///
/// A struct from an older header is shorter: fields past its `struct_size` take their
/// defaults. A struct from a newer header is longer: it is accepted when every byte this
/// library does not know is zero (new fields left at their "off" value, the convention of
/// Linux's extensible syscall structs), else refused with `STRAIT_UNSUPPORTED_VERSION`.
enum CompileOptionsReader {
  /// The size of the struct this library was built with.
  static let knownSize = MemoryLayout<strait_compile_options>.size
  /// Larger sizes than this are not read at all (a corrupt `struct_size`).
  static let maxAcceptedSize = 4096

  /// The defaults, with `struct_size` set.
  static var defaults: strait_compile_options {
    var options = strait_compile_options()
    options.struct_size = knownSize
    options.whitespace = Int32(STRAIT_WHITESPACE_ANY)
    options.max_whitespace_run = 0
    options.strict = 1
    options.max_recursion_depth = 3
    options.state_budget = 100_000
    return options
  }

  /// The grammar options of `pointer` (nil: defaults), or a status after recording why not.
  static func read(
    _ pointer: UnsafePointer<strait_compile_options>?, in function: StaticString
  ) -> Result<GrammarOptions, StatusError> {
    var options = defaults
    if let pointer {
      let raw = UnsafeRawPointer(pointer)
      let size = raw.loadUnaligned(as: Int.self)
      guard size >= MemoryLayout<Int>.size else {
        return .failure(
          StatusError(
            fail(
              STRAIT_INVALID_ARGUMENT,
              "\(function): options->struct_size = \(UInt(bitPattern: size)) is smaller than the struct_size field; initialise options with strait_compile_options_default()"
            )))
      }
      if size > knownSize {
        guard size <= maxAcceptedSize else {
          return .failure(
            StatusError(
              fail(
                STRAIT_UNSUPPORTED_VERSION,
                "\(function): options->struct_size = \(UInt(bitPattern: size)) is not a size this library (struct of \(knownSize) bytes) accepts"
              )))
        }
        for offset in knownSize..<size where raw.load(fromByteOffset: offset, as: UInt8.self) != 0 {
          return .failure(
            StatusError(
              fail(
                STRAIT_UNSUPPORTED_VERSION,
                "\(function): options come from a newer header (struct_size \(size) > \(knownSize)) and set a field this library does not know (byte \(offset) is not zero)"
              )))
        }
      }
      // Copy the fields the caller's struct has; the rest keep their defaults.
      withUnsafeMutableBytes(of: &options) { target in
        let n = min(size, knownSize)
        guard let base = target.baseAddress else { return }
        base.copyMemory(from: raw, byteCount: n)
        target.storeBytes(of: knownSize, toByteOffset: 0, as: Int.self)
      }
      // A field cut in half by an odd struct_size keeps its default.
      restorePartialFields(&options, size: size)
    }
    return convert(options, in: function)
  }

  /// Puts back the default of any field that `size` covers only partly.
  private static func restorePartialFields(_ options: inout strait_compile_options, size: Int) {
    let d = defaults
    func partial<T>(_ field: WritableKeyPath<strait_compile_options, T>) -> Bool {
      guard let offset = MemoryLayout<strait_compile_options>.offset(of: field) else { return false }
      return size > offset && size < offset + MemoryLayout<T>.size
    }
    if partial(\.whitespace) { options.whitespace = d.whitespace }
    if partial(\.max_whitespace_run) { options.max_whitespace_run = d.max_whitespace_run }
    if partial(\.strict) { options.strict = d.strict }
    if partial(\.max_recursion_depth) { options.max_recursion_depth = d.max_recursion_depth }
    if partial(\.state_budget) { options.state_budget = d.state_budget }
  }

  /// Validates the field values and maps them onto ``GrammarOptions``.
  private static func convert(_ o: strait_compile_options, in function: StaticString)
    -> Result<GrammarOptions, StatusError>
  {
    func invalid(_ message: String) -> Result<GrammarOptions, StatusError> {
      .failure(StatusError(fail(STRAIT_INVALID_ARGUMENT, "\(function): options->\(message)")))
    }
    var result = GrammarOptions()
    switch o.whitespace {
    case Int32(STRAIT_WHITESPACE_ANY): result.whitespace = .any
    case Int32(STRAIT_WHITESPACE_COMPACT): result.whitespace = .compact
    case Int32(STRAIT_WHITESPACE_BOUNDED):
      guard o.max_whitespace_run >= 1, o.max_whitespace_run <= 1 << 20 else {
        return invalid(
          "max_whitespace_run = \(UInt(bitPattern: o.max_whitespace_run)) must be in 1...1048576 with STRAIT_WHITESPACE_BOUNDED"
        )
      }
      result.whitespace = .bounded(maxRun: o.max_whitespace_run)
    default:
      return invalid("whitespace = \(o.whitespace) is not a STRAIT_WHITESPACE_* value")
    }
    guard o.strict == 0 || o.strict == 1 else {
      return invalid("strict = \(o.strict) must be 0 or 1")
    }
    result.strict = o.strict == 1
    guard o.max_recursion_depth >= 0, o.max_recursion_depth <= 1000 else {
      return invalid("max_recursion_depth = \(o.max_recursion_depth) must be in 0...1000")
    }
    result.maxRecursionDepth = Int(o.max_recursion_depth)
    guard o.state_budget >= 1 else {
      return invalid("state_budget = \(UInt(bitPattern: o.state_budget)) must be at least 1 (and at most \(Int.max))")
    }
    result.stateBudget = o.state_budget
    return .success(result)
  }
}

/// A status whose message has been recorded already.
struct StatusError: Error {
  var status: strait_status
  init(_ status: strait_status) { self.status = status }
}

/// `strait_compile_options_default` of the C ABI; documented in include/strait.h.
@_cdecl("strait_compile_options_default")
public func strait_compile_options_default() -> strait_compile_options {
  CompileOptionsReader.defaults
}
