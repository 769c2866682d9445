import OrderedCollections

/// A sink that builds the ``JSONValue`` tree.
///
/// Finished values wait on one value stack; a container takes its elements off the top
/// when it closes, so each array costs one exact-size allocation and values are moved,
/// never copied.
struct JSONValueBuilder: JSONSink {
  var values = UnsafeStack<JSONValue>(capacity: 64)
  var keys = UnsafeStack<JSONPendingKey>(capacity: 32)
  var names = JSONNameCache()
  var duplicates: [JSONDuplicateKey] = []
  let rejectsDuplicates: Bool

  init(rejectsDuplicates: Bool) { self.rejectsDuplicates = rejectsDuplicates }

  var valueCount: Int { values.count }

  @inline(__always) mutating func null() { values.push(.null) }
  @inline(__always) mutating func bool(_ value: Bool) { values.push(.bool(value)) }

  @inline(__always)
  mutating func number(_ literal: UnsafeBufferPointer<UInt8>, readable: Int) {
    values.push(.number(JSONNumber(validatedLiteral: literal, readable: readable)))
  }

  @inline(__always)
  mutating func string(_ utf8: UnsafeBufferPointer<UInt8>, isASCII: Bool) {
    values.push(.string(String(validatedUTF8: utf8)))
  }

  @inline(__always) mutating func emptyArray() { values.push(.array([])) }
  @inline(__always) mutating func emptyObject() { values.push(.object(JSONObject())) }

  @inline(__always)
  mutating func endArray(valueStart: Int) {
    values.push(.array(values.popArray(from: valueStart)))
  }

  @inline(__always)
  mutating func endObject(valueStart: Int, keyStart: Int) -> Int? {
    if keys.certainlyDistinct(from: keyStart) {
      let names = keys.popAll(from: keyStart) { $0.name }
      let members = values.popAll(from: valueStart) { $0 }
      values.push(.object(JSONObject(uncheckedUniqueKeys: names, values: members)))
      return nil
    }
    return endObjectChecked(valueStart: valueStart, keyStart: keyStart)
  }

  /// Builds an object whose names may repeat: the last value wins, at the position of the
  /// first occurrence.
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

  func release() {
    values.release()
    keys.release()
    names.release()
  }
}
