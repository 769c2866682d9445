import Synchronization

/// The kinds of object the C ABI hands out handles for.
///
/// The kind is encoded in every handle, so a grammar passed where a matcher is expected
/// is reported instead of being misused.
enum HandleKind: UInt8, Sendable {
  case vocabulary = 1
  case grammar = 2
  case matcher = 3

  /// The C type name, for error messages.
  var typeName: String {
    switch self {
    case .vocabulary: "strait_vocab"
    case .grammar: "strait_grammar"
    case .matcher: "strait_matcher"
    }
  }
}

/// Why a handle could not be resolved.
enum HandleLookupFailure: Error, Sendable {
  /// The handle is NULL.
  case null
  /// The value was never issued by this library (bad index or kind bits).
  case notAHandle(UInt)
  /// The handle was freed (its slot's generation moved on).
  case freed(HandleKind)
  /// A live handle of another kind.
  case wrongKind(expected: HandleKind, actual: HandleKind)
}

/// The process-wide table behind every C handle.
///
/// A handle is not an address: it packs a slot index, the object's kind and the slot's
/// generation into a pointer-sized integer. Freeing bumps the slot's generation, so a
/// stale handle (use after free, double free) no longer matches and is reported as
/// freed, and garbage values fail the index/kind/generation checks — the library never
/// dereferences memory named by a caller's handle. A slot's generation wraps after
/// 2^32 (64-bit) frees, after which a stale handle could alias a new object.
///
/// Lookups take an uncontended mutex (tens of nanoseconds) and retain the object; they
/// do not allocate. Inserts may grow the slot array.
final class HandleTable: Sendable {
  /// The table of this process.
  static let shared = HandleTable()

  // Bit layout of a handle value: index | kind << indexBits | generation << generationShift.
  static let indexBits = UInt.bitWidth == 64 ? 24 : 16
  static let kindBits = 4
  static let generationShift = indexBits + kindBits
  static let generationMask: UInt32 = UInt.bitWidth == 64 ? 0xFFFF_FFFF : 0xFFF
  static let maxSlots = 1 << indexBits

  private struct Slot {
    var generation: UInt32
    var kind: HandleKind?
    var object: (any AnyObject & Sendable)?
  }

  private struct Storage {
    var slots: [Slot] = []
    var freeSlots: [Int] = []
    var liveCount = 0
  }

  private let storage = Mutex(Storage())

  /// Registers `object` and returns its new handle, or nil when the table is full.
  func insert(_ object: any AnyObject & Sendable, kind: HandleKind) -> OpaquePointer? {
    storage.withLock { s -> OpaquePointer? in
      let index: Int
      if let reused = s.freeSlots.popLast() {
        index = reused
      } else {
        guard s.slots.count < Self.maxSlots - 1 else { return nil }
        // Slot 0 is never used, so no handle has an all-zero index and kind.
        if s.slots.isEmpty { s.slots.append(Slot(generation: 1, kind: nil, object: nil)) }
        index = s.slots.count
        s.slots.append(Slot(generation: 1, kind: nil, object: nil))
      }
      s.slots[index].kind = kind
      s.slots[index].object = object
      s.liveCount += 1
      return Self.encode(index: index, kind: kind, generation: s.slots[index].generation)
    }
  }

  /// The live object of `handle`, which must be of `kind`.
  ///
  /// - Complexity: O(1); no allocation.
  func object(for handle: OpaquePointer?, kind: HandleKind) -> Result<any AnyObject & Sendable, HandleLookupFailure> {
    guard let handle else { return .failure(.null) }
    let value = UInt(bitPattern: handle)
    let (index, kindBits, generation) = Self.decode(value)
    return storage.withLock { s -> Result<any AnyObject & Sendable, HandleLookupFailure> in
      guard index > 0, index < s.slots.count, HandleKind(rawValue: kindBits) != nil else {
        return .failure(.notAHandle(value))
      }
      let slot = s.slots[index]
      guard slot.generation == generation, let object = slot.object, let actual = slot.kind else {
        // A generation that this slot had in the past is a freed handle; one it never had
        // is garbage.
        if generation != 0, generation < slot.generation, let claimed = HandleKind(rawValue: kindBits) {
          return .failure(claimed == kind ? .freed(kind) : .wrongKind(expected: kind, actual: claimed))
        }
        return .failure(.notAHandle(value))
      }
      guard actual == kind else { return .failure(.wrongKind(expected: kind, actual: actual)) }
      return .success(object)
    }
  }

  /// Unregisters `handle` and returns its object (released by the caller, outside the lock).
  func remove(_ handle: OpaquePointer?, kind: HandleKind) -> Result<any AnyObject & Sendable, HandleLookupFailure> {
    let found = object(for: handle, kind: kind)
    guard case .success = found, let handle else { return found }
    let (index, _, generation) = Self.decode(UInt(bitPattern: handle))
    return storage.withLock { s -> Result<any AnyObject & Sendable, HandleLookupFailure> in
      // Re-check under the lock: another thread may have freed it in between.
      guard index < s.slots.count, s.slots[index].generation == generation,
        let object = s.slots[index].object
      else { return .failure(.freed(kind)) }
      s.slots[index].object = nil
      s.slots[index].kind = nil
      var next = (s.slots[index].generation &+ 1) & Self.generationMask
      if next == 0 { next = 1 }
      s.slots[index].generation = next
      s.freeSlots.append(index)
      s.liveCount -= 1
      return .success(object)
    }
  }

  /// Number of live handles (for tests and leak checks).
  var liveCount: Int { storage.withLock { $0.liveCount } }

  private static func encode(index: Int, kind: HandleKind, generation: UInt32) -> OpaquePointer? {
    let value =
      UInt(index) | UInt(kind.rawValue) << UInt(indexBits)
      | UInt(generation) << UInt(generationShift)
    return OpaquePointer(bitPattern: value)
  }

  private static func decode(_ value: UInt) -> (index: Int, kind: UInt8, generation: UInt32) {
    let index = Int(value & UInt(maxSlots - 1))
    let kind = UInt8(truncatingIfNeeded: (value >> UInt(indexBits)) & UInt((1 << kindBits) - 1))
    let generation = UInt32(truncatingIfNeeded: value >> UInt(generationShift))
    return (index, kind, generation)
  }
}
