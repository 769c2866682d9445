import CStrait
import Strait
import StraitKernels
import StraitTokenizers

/// The status code of each runtime error.
extension StraitError {
  var status: strait_status {
    switch self {
    case .tokenOutOfRange: STRAIT_TOKEN_OUT_OF_RANGE
    case .bitmaskTooSmall: STRAIT_BUFFER_TOO_SMALL
    case .terminated: STRAIT_TERMINATED
    case .rollbackBeyondHistory: STRAIT_ROLLBACK_BEYOND_HISTORY
    case .stateBudgetExceeded: STRAIT_STATE_BUDGET_EXCEEDED
    case .compile: STRAIT_COMPILE_ERROR
    case .invalidAutomatonFile, .invalidArgument: STRAIT_INVALID_ARGUMENT
    }
  }
}

/// The status code of each kernel argument error.
extension KernelError {
  var status: strait_status {
    switch self {
    case .logitsTooShort, .maskTooShort, .strideTooSmall: STRAIT_BUFFER_TOO_SMALL
    case .invalidVocabularySize, .invalidRowCount, .rowIndexOutOfRange, .maskLengthMismatch:
      STRAIT_INVALID_ARGUMENT
    case .tokenOutOfRange: STRAIT_TOKEN_OUT_OF_RANGE
    case .pathUnavailable: STRAIT_INTERNAL_ERROR
    }
  }
}

/// Reports a failed runtime call of `function`.
@inline(never)
func fail(_ error: StraitError, in function: StaticString) -> strait_status {
  fail(error.status, "\(function): \(error)")
}

/// Reports a failed kernel call of `function`.
@inline(never)
func fail(_ error: KernelError, in function: StaticString) -> strait_status {
  fail(error.status, "\(function): \(error)")
}

/// Reports a handle that could not be resolved.
@inline(never)
func fail(
  _ failure: HandleLookupFailure, argument: String, kind: HandleKind, in function: StaticString
) -> strait_status {
  switch failure {
  case .null:
    return fail(STRAIT_NULL_POINTER, "\(function): \(argument) is NULL")
  case .notAHandle(let value):
    let hex = String(value, radix: 16)
    return fail(
      STRAIT_INVALID_HANDLE, "\(function): \(argument) (0x\(hex)) is not a \(kind.typeName) handle")
  case .freed(let kind):
    return fail(
      STRAIT_INVALID_HANDLE, "\(function): \(argument) is a \(kind.typeName) that was already freed")
  case .wrongKind(let expected, let actual):
    return fail(
      STRAIT_INVALID_HANDLE,
      "\(function): \(argument) is a \(actual.typeName), expected a \(expected.typeName)")
  }
}

/// Reports a NULL pointer argument.
@inline(never)
func failNull(_ argument: String, in function: StaticString) -> strait_status {
  fail(STRAIT_NULL_POINTER, "\(function): \(argument) is NULL")
}

/// Reports a `size_t` argument above `Int.max` (imported as a negative `Int`).
@inline(never)
func failSize(_ argument: String, _ value: Int, in function: StaticString) -> strait_status {
  fail(STRAIT_INVALID_ARGUMENT, "\(function): \(argument) = \(UInt(bitPattern: value)) is too large")
}
