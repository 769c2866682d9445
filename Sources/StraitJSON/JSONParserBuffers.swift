import Synchronization

/// One open container while parsing.
struct JSONOpenContainer {
  /// Where the container's elements start on the sink's value stack.
  var valueStart: Int
  /// Where its member names start on the sink's key stack.
  var keyStart: Int
  var isObject: Bool
}

/// The working memory of one parse, kept between parses.
///
/// A document of a few hundred bytes would otherwise spend a good part of its parse
/// allocating and freeing the parser's stacks and caches. Between parses one set waits in
/// a process-wide slot: a parse takes it (or makes a new set when another thread holds
/// it) and puts it back when done, emptied. Sets that grew large (a huge document's value
/// stack) are freed instead of kept. The caches only hold member names and arrays of names
/// already returned to callers (immutable values), so reuse changes no result.
struct JSONParserBuffers: @unchecked Sendable {
  // @unchecked: the raw pointers inside are owned by exactly one parse at a time (or by the
  // slot), never shared.
  var frames = UnsafeStack<JSONOpenContainer>(capacity: 32)
  var values = UnsafeStack<JSONValue>(capacity: 64)
  var keys = UnsafeStack<JSONPendingKey>(capacity: 32)
  var names = JSONNameCache()
  var shapes = JSONKeyShapeCache()
  var digests = JSONDigestTable()
  /// Decoded bytes of a string with escapes (see `JSONReader.scratch`); capacity 0 means
  /// not yet allocated.
  var scratch = placeholderBytes
  var scratchCapacity = 0
  /// Copies of escaped member names made during a parse (see `JSONReader.escapedNames`).
  var escapedNames = UnsafeStack<UnsafeMutablePointer<UInt8>>(capacity: 4)

  /// Stacks above this many elements are not kept.
  private static let maxKeptElements = 1 << 14
  /// A scratch buffer above this many bytes is not kept.
  private static let maxKeptScratch = 1 << 20

  private static let slot = Mutex<JSONParserBuffers?>(nil)

  /// Takes the waiting set, or makes one.
  static func take() -> JSONParserBuffers {
    slot.withLock { $0.take() } ?? JSONParserBuffers()
  }

  /// Empties `buffers` and keeps them for the next parse (or frees them).
  ///
  /// Emptied in place and moved into the slot: the set is a few hundred bytes, and on a
  /// small document each extra copy of it shows.
  static func recycle(_ buffers: inout JSONParserBuffers) {
    buffers.frames.truncate(to: 0)
    buffers.values.truncate(to: 0)
    buffers.keys.truncate(to: 0)
    buffers.freeEscapedNames()
    guard buffers.frames.capacity <= maxKeptElements, buffers.values.capacity <= maxKeptElements,
      buffers.keys.capacity <= maxKeptElements, buffers.scratchCapacity <= maxKeptScratch
    else { return buffers.release() }
    let kept = slot.withLock { waiting -> Bool in
      guard waiting == nil else { return false }
      waiting = buffers
      return true
    }
    if !kept { buffers.release() }
  }

  /// Frees the copies of escaped member names.
  mutating func freeEscapedNames() {
    while escapedNames.count > 0 { escapedNames.pop().deallocate() }
  }

  /// Frees everything.
  func release() {
    for i in 0..<escapedNames.count { escapedNames[i].deallocate() }
    escapedNames.release()
    frames.release()
    values.release()
    keys.release()
    names.release()
    shapes.release()
    digests.release()
    if scratchCapacity > 0 { scratch.deallocate() }
  }
}

/// A valid address for readers of empty input and for the not-yet-allocated scratch
/// buffer; never read or written.
nonisolated(unsafe) let placeholderBytes = UnsafeMutablePointer<UInt8>.allocate(capacity: 8)
