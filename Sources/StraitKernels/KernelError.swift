/// Why a checked kernel call refused its arguments.
///
/// Every checked entry point of ``MaskKernels`` and ``TokenBitmask`` validates
/// all of its arguments before it writes anything, so a thrown error leaves the
/// logits and masks untouched.
public enum KernelError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The vocabulary size is negative or larger than `Int32.max` (token ids are
  /// `Int32`).
  case invalidVocabularySize(Int)
  /// A logits buffer (or batch) holds fewer elements than the call needs.
  case logitsTooShort(expected: Int, actual: Int)
  /// A bitmask buffer (or batch) holds fewer `UInt32` words than the call needs.
  case maskTooShort(expected: Int, actual: Int)
  /// A batch row stride is smaller than one row (`minimum` elements or words).
  case strideTooSmall(stride: Int, minimum: Int)
  /// A batch row count is negative.
  case invalidRowCount(Int)
  /// `indices[position]` names a row outside `0..<rowCount`.
  case rowIndexOutOfRange(index: Int, position: Int, rowCount: Int)
  /// A token id is outside `0..<limit` (the vocabulary or the mask's capacity).
  case tokenOutOfRange(token: Int, limit: Int)
  /// Two masks that must have the same number of words do not.
  case maskLengthMismatch(expected: Int, actual: Int)
  /// The requested ``KernelPath`` cannot run on this CPU or platform.
  case pathUnavailable(KernelPath)

  public var description: String {
    switch self {
    case .invalidVocabularySize(let size):
      return "invalid vocabulary size \(size) (must be in 0...\(Int32.max))"
    case .logitsTooShort(let expected, let actual):
      return "logits buffer too short: needs \(expected) elements, has \(actual)"
    case .maskTooShort(let expected, let actual):
      return "bitmask too short: needs \(expected) UInt32 words, has \(actual)"
    case .strideTooSmall(let stride, let minimum):
      return "row stride \(stride) is smaller than one row (\(minimum))"
    case .invalidRowCount(let count):
      return "invalid row count \(count)"
    case .rowIndexOutOfRange(let index, let position, let rowCount):
      return "indices[\(position)] = \(index) is outside the \(rowCount) rows of the batch"
    case .tokenOutOfRange(let token, let limit):
      return "token id \(token) is outside 0..<\(limit)"
    case .maskLengthMismatch(let expected, let actual):
      return "bitmask lengths differ: \(expected) vs \(actual) words"
    case .pathUnavailable(let path):
      return "kernel path '\(path.rawValue)' is not available on this CPU"
    }
  }
}
