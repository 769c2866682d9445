/// A sink that builds the ``JSONValue`` tree.
///
/// Finished values wait on one value stack; a container takes its elements off the top
/// when it closes, so each array costs one exact-size allocation and values are moved,
/// never copied.
struct JSONValueBuilder: JSONSink {
  var values: UnsafeStack<JSONValue>
  var keys: UnsafeStack<JSONPendingKey>
  var names: JSONNameCache
  var digests: JSONDigestTable
  var shapes: JSONKeyShapeCache
  var duplicates: [JSONDuplicateKey] = []
  let rejectsDuplicates: Bool

  /// A builder using the stacks and caches of `buffers`.
  init(rejectsDuplicates: Bool, buffers: JSONParserBuffers) {
    self.rejectsDuplicates = rejectsDuplicates
    values = buffers.values
    keys = buffers.keys
    names = buffers.names
    digests = buffers.digests
    shapes = buffers.shapes
  }

  var valueCount: Int { values.count }

  @inline(__always) mutating func null() { values.push(.null) }
  @inline(__always) mutating func bool(_ value: Bool) { values.push(.bool(value)) }

  @inline(__always)
  mutating func number(_ literal: UnsafeBufferPointer<UInt8>, readable: Int) {
    values.push(.number(JSONNumber(validatedLiteral: literal, readable: readable)))
  }

  @inline(__always)
  mutating func string(_ utf8: UnsafeBufferPointer<UInt8>, isASCII: Bool) {
    values.push(.string(String(validatedUTF8: utf8, isASCII: isASCII)))
  }

  @inline(__always) mutating func emptyArray() { values.push(.array([])) }
  @inline(__always) mutating func emptyObject() { values.push(.object(JSONObject())) }
  @inline(__always) mutating func beginArray() {}
  @inline(__always) mutating func beginObject() {}

  @inline(__always)
  mutating func endArray(valueStart: Int) {
    values.push(.array(values.popArray(from: valueStart)))
  }

  @inline(__always)
  mutating func endObject(valueStart: Int, keyStart: Int) -> Int? {
    let memberCount = keys.count &- keyStart
    guard memberCount <= JSONKeyShapeCache.maxMembers else { return endLargeObject(valueStart: valueStart, keyStart: keyStart) }
    let hash = JSONKeyShapeCache.hash(keys, from: keyStart)
    if let shape = shapes.lookup(keys, from: keyStart, hash: hash) {
      // Same names as an earlier object: share its keys storage (and it had no repeats).
      keys.truncate(to: keyStart)
      let members = values.popAll(from: valueStart) { $0 }
      values.push(.object(JSONObject(uncheckedUniqueKeys: shape.pointee.names, values: members)))
      return nil
    }
    guard keys.certainlyDistinct(from: keyStart, table: &digests) else {
      return endObjectChecked(valueStart: valueStart, keyStart: keyStart)
    }
    let names = popNewShape(keyStart: keyStart, hash: hash)
    let members = values.popAll(from: valueStart) { $0 }
    values.push(.object(JSONObject(uncheckedUniqueKeys: names, values: members)))
    return nil
  }

  /// Pops the (distinct) names from `keyStart` on as an object's names, and remembers
  /// their shape.
  @inline(never)
  private mutating func popNewShape(keyStart: Int, hash: UInt64) -> JSONObject.Keys {
    var names = ContiguousArray<String>()
    names.reserveCapacity(keys.count - keyStart)
    for i in keyStart..<keys.count {
      names.append(keys[i].name(&self.names))
    }
    let shape = JSONObject.Keys(uncheckedUniqueNames: names)
    shapes.insert(shape, keys: keys, from: keyStart, hash: hash)
    keys.truncate(to: keyStart)
    return shape
  }

  /// Closes an object with more members than shapes are cached for.
  @inline(never)
  private mutating func endLargeObject(valueStart: Int, keyStart: Int) -> Int? {
    if keys.certainlyDistinct(from: keyStart, table: &digests) {
      var cache = self.names
      let names = JSONObject.Keys(uncheckedUniqueNames: keys.popAll(from: keyStart) { $0.name(&cache) })
      self.names = cache
      let members = values.popAll(from: valueStart) { $0 }
      values.push(.object(JSONObject(uncheckedUniqueKeys: names, values: members)))
      return nil
    }
    return endObjectChecked(valueStart: valueStart, keyStart: keyStart)
  }

  /// Builds an object whose names may repeat (two names are the same when their bytes
  /// are): the last value wins, at the position of the first occurrence.
  @inline(never)
  private mutating func endObjectChecked(valueStart: Int, keyStart: Int) -> Int? {
    let pending = keys.popAll(from: keyStart) { $0 }
    let members = values.popAll(from: valueStart) { $0 }
    var object = JSONObject(minimumCapacity: pending.count)
    var rejected: Int?
    for (key, value) in zip(pending, members) where object.updateValue(value, forKey: key.name) != nil {
      if rejectsDuplicates {
        rejected = key.offset
        break
      }
      duplicates.append(JSONDuplicateKey(key: key.name, offset: key.offset))
    }
    values.push(.object(object))
    return rejected
  }

  /// Takes the finished document value.
  mutating func takeResult() -> JSONValue {
    values.count == 1 ? values.pop() : .null
  }

  func store(into buffers: inout JSONParserBuffers) {
    buffers.values = values
    buffers.keys = keys
    buffers.names = names
    buffers.digests = digests
    buffers.shapes = shapes
  }
}
