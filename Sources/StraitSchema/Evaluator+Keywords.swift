import StraitJSON

extension Evaluator {
  /// Evaluates one keyword that applies to every type of instance.
  ///
  /// Payload objects are borrowed (``Payload/with(_:)``), never retained.
  @inline(__always)
  mutating func check(_ keyword: Keyword, _ node: SchemaNode, _ instance: JSONValue, _ ann: inout Annotations?)
    -> Bool
  {
    switch keyword {
    case .type(let set):
      if NumberMath.typeMatches(set, instance) { return true }
      fail(node, "type", "expected \(set.names.joined(separator: " or ")), got \(Self.describeType(instance))")
      return false

    case .enumeration(let payload):
      return payload.with { values in
        if values.contains(instance) { return true }
        fail(node, "enum", "\(Self.preview(instance)) is not one of \(Self.preview(.array(values.values)))")
        return false
      }

    case .const(let payload):
      return payload.with { box in
        if JSONEquality.equal(box.value, instance) { return true }
        fail(node, "const", "\(Self.preview(instance)) is not the constant \(Self.preview(box.value))")
        return false
      }

    case .allOf(let payload):
      return payload.with { box in checkAllOf(box.value, instance, &ann) }

    case .anyOf(let payload):
      return payload.with { box in checkAnyOf(node, box.value, instance, &ann) }

    case .oneOf(let payload):
      return payload.with { box in checkOneOf(node, box.value, instance, &ann) }

    case .not(let ref):
      let mark = errors.count
      let inner = descend(ref, instance, "not", step: nil)
      if collecting { errors.removeSubrange(mark...) }
      if !inner { return true }
      fail(node, "not", "the value must not match the schema in \"not\"")
      return false

    case .conditional(let payload):
      let (ifRef, thenRef, elseRef) = payload.with { $0.value }
      if thenRef == nil && elseRef == nil && ann == nil { return true }
      let mark = errors.count
      var local: Annotations? = ann == nil ? nil : Annotations()
      let matched = descend(ifRef, instance, "if", ann: &local)
      if collecting { errors.removeSubrange(mark...) }
      if matched {
        if let l = local { ann!.merge(l) }
        if let t = thenRef { return descend(t, instance, "then", ann: &ann) }
      } else if let e = elseRef {
        return descend(e, instance, "else", ann: &ann)
      }
      return true

    case .ref(let ref):
      return descend(ref, instance, "$ref", ann: &ann)

    case .dynamicRef(let payload):
      let (ref, anchor) = payload.with { $0.value }
      var target = ref
      if let name = anchor {
        for r in scope {
          if let n = program.resources[r].dynamicAnchors[name] {
            target = n
            break
          }
        }
      }
      return descend(target, instance, "$dynamicRef", ann: &ann)

    case .recursiveRef(let ref, let dynamic):
      var target = ref
      if dynamic {
        for r in scope where program.resources[r].recursiveAnchor {
          if let root = program.resources[r].root { target = root }
          break
        }
      }
      return descend(target, instance, "$recursiveRef", ann: &ann)

    case .properties, .patternProperties, .additionalProperties, .required, .propertyNames, .minProperties,
      .maxProperties, .dependentRequired, .dependentSchemas, .unevaluatedProperties, .prefixItems,
      .itemsFrom, .contains, .minItems, .maxItems, .uniqueItems, .unevaluatedItems, .minLength, .maxLength,
      .pattern, .format, .multipleOf, .minimum, .maximum:
      // Only in the keyword lists of their instance type, where the typed checks
      // (checkObject, ...) handle them before falling back to this function.
      preconditionFailure("a keyword of one instance type reached the generic check")
    }
  }

  /// Evaluates one keyword on an object instance (`members` is its payload, taken out of
  /// the instance once per node).
  @inline(__always)
  mutating func checkObject(
    _ keyword: Keyword, _ node: SchemaNode, _ instance: JSONValue, _ members: JSONObject, _ ann: inout Annotations?
  ) -> Bool {
    switch keyword {
    case .properties(let payload):
      return checkProperties(payload, members, &ann)

    case .patternProperties(let payload):
      return payload.with { box in checkPatternProperties(node, box.value, members, &ann) }

    case .additionalProperties(let ref, let known):
      // `true` accepts everything; only the annotations need the walk.
      if ref.constant == true && ann == nil { return true }
      if known.header.checkedByProperties && !collecting && ann == nil { return true }
      return checkAdditionalProperties(node, ref, known, members, &ann)

    case .required(let payload):
      if payload.header.checkedByProperties && !collecting && ann == nil { return true }
      return checkRequired(node, payload, members)

    case .propertyNames(let ref):
      var valid = true
      for key in members.keys where !descend(ref, .string(key), "propertyNames", step: .key(key)) {
        valid = false
        if !collecting { return false }
      }
      return valid

    case .minProperties(let min):
      guard members.count < min else { return true }
      fail(node, "minProperties", "the object has \(members.count) properties, fewer than \(min)")
      return false

    case .maxProperties(let max):
      guard members.count > max else { return true }
      fail(node, "maxProperties", "the object has \(members.count) properties, more than \(max)")
      return false

    case .dependentRequired(let payload):
      return payload.with { box in checkDependentRequired(node, box.value.list, box.value.name, members) }

    case .dependentSchemas(let payload):
      return payload.with { box in checkDependentSchemas(box.value.list, box.value.name, instance, members, &ann) }

    case .unevaluatedProperties(let ref):
      let seen = ann ?? Annotations()
      if seen.allProperties { return true }
      var valid = true
      for (key, value) in members where !seen.properties.contains(ExactName(key)) {
        if ref.constant == false {
          if collecting { instancePath.append(.key(key)) }
          fail(node, "unevaluatedProperties", "the property \(Self.preview(.string(key))) is not allowed (unevaluated)")
          if collecting { instancePath.removeLast() }
          valid = false
        } else if !descend(ref, value, "unevaluatedProperties", step: .key(key)) {
          valid = false
        }
        if !valid && !collecting { return false }
      }
      if valid, ann != nil { ann!.allProperties = true }
      return valid

    default:
      return check(keyword, node, instance, &ann)
    }
  }

  /// Evaluates one keyword on an array instance (`items` is its payload, taken out of
  /// the instance once per node).
  @inline(__always)
  mutating func checkArray(
    _ keyword: Keyword, _ node: SchemaNode, _ instance: JSONValue, _ items: [JSONValue], _ ann: inout Annotations?
  ) -> Bool {
    switch keyword {
    case .prefixItems(let payload):
      return payload.with { box in checkPrefixItems(box.value.refs, box.value.name, items, &ann) }

    case .itemsFrom(let ref, let start32, let itemsName):
      var valid = true
      let start = Int(start32)
      if start < items.count {
        let name = itemsName.text
        for i in start..<items.count where !descend(ref, items[i], name, step: .index(i)) {
          valid = false
          if !collecting { return false }
        }
      }
      if valid, ann != nil { ann!.allItems = true }
      return valid

    case .contains(let payload):
      return payload.with { box in
        let (ref, min, max, marks) = box.value
        return checkContains(node, ref, items, min: min, max: max, marks: marks, &ann)
      }

    case .minItems(let min):
      guard items.count < min else { return true }
      fail(node, "minItems", "the array has \(items.count) item\(items.count == 1 ? "" : "s"), fewer than \(min)")
      return false

    case .maxItems(let max):
      guard items.count > max else { return true }
      fail(node, "maxItems", "the array has \(items.count) items, more than \(max)")
      return false

    case .uniqueItems:
      guard items.count > 1 else { return true }
      if let (i, j) = firstDuplicate(items) {
        fail(node, "uniqueItems", "items \(i) and \(j) are equal (\(Self.preview(items[j])))")
        return false
      }
      return true

    case .unevaluatedItems(let ref):
      let seen = ann ?? Annotations()
      if seen.allItems { return true }
      var valid = true
      if seen.itemPrefix < items.count {
        for i in seen.itemPrefix..<items.count where !seen.itemIndices.contains(i) {
          if ref.constant == false {
            if collecting { instancePath.append(.index(i)) }
            fail(node, "unevaluatedItems", "item \(i) is not allowed (unevaluated)")
            if collecting { instancePath.removeLast() }
            valid = false
          } else if !descend(ref, items[i], "unevaluatedItems", step: .index(i)) {
            valid = false
          }
          if !valid && !collecting { return false }
        }
      }
      if valid, ann != nil { ann!.allItems = true }
      return valid

    default:
      return check(keyword, node, instance, &ann)
    }
  }

  /// Evaluates one keyword on a string instance (`s` is its payload, taken out of
  /// the instance once per node).
  @inline(__always)
  mutating func checkString(
    _ keyword: Keyword, _ node: SchemaNode, _ instance: JSONValue, _ s: String, _ ann: inout Annotations?
  ) -> Bool {
    switch keyword {
    case .minLength(let min):
      let bytes = s.utf8.count
      if bytes < min { return failLength(node, "minLength", s, min) }
      if bytes / 4 >= min || Self.scalarCount(s) >= min { return true }
      return failLength(node, "minLength", s, min)

    case .maxLength(let max):
      if s.utf8.count <= max || Self.scalarCount(s) <= max { return true }
      return failLength(node, "maxLength", s, max)

    case .pattern(let payload):
      return payload.with { p in
        switch p.match(s) {
        case true?: return true
        case false?:
          fail(node, "pattern", "\(Self.preview(instance)) does not match the pattern \(Self.preview(.string(p.source)))")
          return false
        case nil: return undecidedMatch(node, "pattern", p, s)
        }
      }

    case .format(let payload):
      return payload.with { box in
        if box.value.check(s) { return true }
        fail(node, "format", "\(Self.preview(instance)) is not a valid \(box.value.name)")
        return false
      }

    default:
      return check(keyword, node, instance, &ann)
    }
  }

  /// Evaluates one keyword on a number instance (`n` is its payload, taken out of
  /// the instance once per node).
  @inline(__always)
  mutating func checkNumber(
    _ keyword: Keyword, _ node: SchemaNode, _ instance: JSONValue, _ n: JSONNumber, _ ann: inout Annotations?
  ) -> Bool {
    switch keyword {
    case .multipleOf(let payload):
      return payload.with { box in
        if NumberMath.isMultiple(n, of: box.value) { return true }
        fail(node, "multipleOf", "\(n.text) is not a multiple of \(box.value.number.text)")
        return false
      }

    case .minimum(let payload):
      return payload.with { box in
        let (bound, exclusive) = (box.value.bound, box.value.exclusive)
        let c = NumberMath.compare(n, bound)
        if c > 0 || (c == 0 && !exclusive) { return true }
        fail(
          node, box.value.name,
          exclusive
            ? "\(n.text) is not greater than the exclusive minimum of \(bound.number.text)"
            : "\(n.text) is less than the minimum of \(bound.number.text)")
        return false
      }

    case .maximum(let payload):
      return payload.with { box in
        let (bound, exclusive) = (box.value.bound, box.value.exclusive)
        let c = NumberMath.compare(n, bound)
        if c < 0 || (c == 0 && !exclusive) { return true }
        fail(
          node, box.value.name,
          exclusive
            ? "\(n.text) is not less than the exclusive maximum of \(bound.number.text)"
            : "\(n.text) is greater than the maximum of \(bound.number.text)")
        return false
      }

    default:
      return check(keyword, node, instance, &ann)
    }
  }

  // MARK: Keywords with lists

  mutating func checkPrefixItems(_ refs: [NodeRef], _ name: String, _ items: [JSONValue], _ ann: inout Annotations?)
    -> Bool
  {
    var valid = true
    let n = Swift.min(refs.count, items.count)
    for i in 0..<n where !descend(refs[i], items[i], name, index: i, step: .index(i)) {
      valid = false
      if !collecting { return false }
    }
    if valid, ann != nil {
      ann!.itemPrefix = Swift.max(ann!.itemPrefix, n)
      if n == items.count { ann!.allItems = true }
    }
    return valid
  }

  /// Calls `body` with an object's keys and values borrowed as buffers (copying
  /// `members.keys` and `members.values` would retain and release their storage).
  @inline(__always)
  static func withMembers<Result>(
    _ members: JSONObject, _ body: (UnsafeBufferPointer<String>, UnsafeBufferPointer<JSONValue>) -> Result
  ) -> Result {
    members.values.withUnsafeBufferPointer { values in
      // An OrderedSet always has contiguous storage.
      members.keys.withContiguousStorageIfAvailable { keys in body(keys, values) }!
    }
  }

  mutating func checkProperties(_ table: NameTable, _ members: JSONObject, _ ann: inout Annotations?) -> Bool {
    if !collecting && ann == nil { return checkPropertiesFast(table, members) }
    return Self.withMembers(members) { keys, values in
      var valid = true
      for i in 0..<keys.count {
        guard let p = table.position(of: keys[i]) else { continue }
        if !descend(table.entry(p).target, values[i], "properties", keys[i], step: .key(keys[i])) {
          valid = false
          if !collecting { return false }
        } else if ann != nil {
          ann!.properties.insert(ExactName(keys[i]))
        }
      }
      return valid
    }
  }

  /// `properties` in the fast mode without annotations: the one lookup of each key also
  /// serves the node's `required` and `additionalProperties` when they were fused into
  /// the table (their own keywords then pass at once).
  mutating func checkPropertiesFast(_ table: NameTable, _ members: JSONObject) -> Bool {
    let header = table.header
    let additional = header.fusedAdditional
    return Self.withMembers(members) { keys, values in
      var found: UInt64 = 0
      var none: Annotations? = nil
      for i in 0..<keys.count {
        if let p = table.position(of: keys[i]) {
          if p < 64 { found |= 1 << UInt64(p) }
          if !validate(table.entry(p).target, values[i], &none) { return false }
        } else if let additional {
          if let accepts = additional.constant {
            if !accepts { return false }
          } else if !validate(additional, values[i], &none) {
            return false
          }
        }
      }
      return found & header.fusedRequired == header.fusedRequired
    }
  }

  mutating func checkPatternProperties(
    _ node: SchemaNode, _ list: [(CompiledPattern, NodeRef)], _ members: JSONObject, _ ann: inout Annotations?
  ) -> Bool {
    var valid = true
    for (key, value) in members {
      for (p, target) in list {
        guard let matched = p.match(key) else {
          if collecting { instancePath.append(.key(key)) }
          valid = undecidedMatch(node, "patternProperties", p, key)
          if collecting { instancePath.removeLast() }
          if !collecting { return false }
          continue
        }
        if !matched { continue }
        if !descend(target, value, "patternProperties", p.source, step: .key(key)) {
          valid = false
          if !collecting { return false }
        } else if ann != nil {
          ann!.properties.insert(ExactName(key))
        }
      }
    }
    return valid
  }

  mutating func checkAdditionalProperties(
    _ node: SchemaNode, _ ref: NodeRef, _ known: NameTable, _ members: JSONObject, _ ann: inout Annotations?
  ) -> Bool {
    Self.withMembers(members) { keys, values in
      var valid = true
      for i in 0..<keys.count {
        guard let isKnown = known.knows(keys[i]) else {
          // A patternProperties pattern could not be matched.
          let pattern = known.header.storage.takeUnretainedValue().patterns.first { $0.match(keys[i]) == nil }!
          if collecting { instancePath.append(.key(keys[i])) }
          valid = undecidedMatch(node, "additionalProperties", pattern, keys[i])
          if collecting { instancePath.removeLast() }
          if !collecting { return false }
          continue
        }
        if isKnown { continue }
        if ref.constant == false {
          if collecting { instancePath.append(.key(keys[i])) }
          fail(node, "additionalProperties", "the property \(Self.preview(.string(keys[i]))) is not allowed")
          if collecting { instancePath.removeLast() }
          valid = false
          if !collecting { return false }
          continue
        }
        if !descend(ref, values[i], "additionalProperties", step: .key(keys[i])) {
          valid = false
          if !collecting { return false }
        } else if ann != nil {
          ann!.properties.insert(ExactName(keys[i]))
        }
      }
      return valid
    }
  }

  mutating func checkRequired(_ node: SchemaNode, _ required: NameTable, _ members: JSONObject) -> Bool {
    let mask = required.header.requiredMask
    if !collecting && mask != 0 {
      // Mark each required name found among the keys (one lookup per key).
      let found = Self.withMembers(members) { keys, _ in
        var found: UInt64 = 0
        for i in 0..<keys.count {
          if let p = required.position(of: keys[i]) { found |= 1 << UInt64(p) }
        }
        return found
      }
      return found & mask == mask
    }
    var valid = true
    for name in required.header.storage.takeUnretainedValue().names where !Self.hasKey(members, name) {
      fail(node, "required", "the required property \(Self.preview(.string(name))) is missing")
      valid = false
      if !collecting { return false }
    }
    return valid
  }

  /// Whether `members` has a key with exactly the code points of `name` (``JSONObject``
  /// compares names by code points).
  static func hasKey(_ members: JSONObject, _ name: String) -> Bool {
    members.index(forKey: name) != nil
  }

  mutating func checkDependentRequired(
    _ node: SchemaNode, _ list: [(String, [String])], _ name: String, _ members: JSONObject
  ) -> Bool {
    var valid = true
    for (property, needed) in list where members.index(forKey: property) != nil {
      for n in needed where members.index(forKey: n) == nil {
        fail(
          node, name,
          "the property \(Self.preview(.string(n))) is required when \(Self.preview(.string(property))) is present")
        valid = false
        if !collecting { return false }
      }
    }
    return valid
  }

  mutating func checkDependentSchemas(
    _ list: [(String, NodeRef)], _ name: String, _ instance: JSONValue, _ members: JSONObject,
    _ ann: inout Annotations?
  ) -> Bool {
    var valid = true
    for (property, ref) in list where members.index(forKey: property) != nil {
      if !descend(ref, instance, name, property, ann: &ann) {
        valid = false
        if !collecting { return false }
      }
    }
    return valid
  }

  mutating func checkAllOf(_ refs: [NodeRef], _ instance: JSONValue, _ ann: inout Annotations?) -> Bool {
    var valid = true
    for i in 0..<refs.count where !descend(refs[i], instance, "allOf", index: i, ann: &ann) {
      valid = false
      if !collecting { return false }
    }
    return valid
  }

  mutating func checkAnyOf(_ node: SchemaNode, _ refs: [NodeRef], _ instance: JSONValue, _ ann: inout Annotations?)
    -> Bool
  {
    let mark = errors.count
    var any = false
    for i in 0..<refs.count {
      var local: Annotations? = ann == nil ? nil : Annotations()
      if descend(refs[i], instance, "anyOf", index: i, ann: &local) {
        any = true
        if let l = local { ann!.merge(l) } else { break }
      }
    }
    if any {
      if collecting { errors.removeSubrange(mark...) }
      return true
    }
    fail(node, "anyOf", "the value does not match any of the anyOf schemas")
    return false
  }

  mutating func checkOneOf(_ node: SchemaNode, _ refs: [NodeRef], _ instance: JSONValue, _ ann: inout Annotations?)
    -> Bool
  {
    let mark = errors.count
    // Indices of matching subschemas are only needed for the error message.
    var matchCount = 0
    var matched: [Int] = []
    var merged: Annotations? = ann == nil ? nil : Annotations()
    for i in 0..<refs.count {
      var local: Annotations? = ann == nil ? nil : Annotations()
      if descend(refs[i], instance, "oneOf", index: i, ann: &local) {
        matchCount += 1
        if collecting { matched.append(i) }
        if let l = local { merged!.merge(l) }
        if matchCount > 1 && !collecting && ann == nil { break }
      }
    }
    if matchCount == 1 {
      if collecting { errors.removeSubrange(mark...) }
      if let m = merged { ann!.merge(m) }
      return true
    }
    if matchCount == 0 {
      fail(node, "oneOf", "the value does not match any of the oneOf schemas")
    } else {
      if collecting { errors.removeSubrange(mark...) }
      fail(
        node, "oneOf",
        "the value matches more than one oneOf schema (\(matched.map(String.init).joined(separator: ", ")))")
    }
    return false
  }

  // MARK: Helpers

  mutating func checkContains(
    _ node: SchemaNode, _ target: NodeRef, _ items: [JSONValue], min: Int, max: Int?, marks: Bool,
    _ ann: inout Annotations?
  ) -> Bool {
    let mark = errors.count
    var count = 0
    let needAll = max != nil || (marks && ann != nil)
    for (i, item) in items.enumerated() {
      if descend(target, item, "contains", step: .index(i)) {
        count += 1
        if marks && ann != nil { ann!.itemIndices.insert(i) }
        if !needAll && count >= min { break }
      }
    }
    if collecting { errors.removeSubrange(mark...) }
    if count < min {
      if min == 1 {
        fail(node, "contains", "no item matches the \"contains\" schema")
      } else {
        fail(node, "minContains", "\(count) item\(count == 1 ? "" : "s") match the \"contains\" schema, fewer than \(min)")
      }
      return false
    }
    if let max, count > max {
      fail(node, "maxContains", "\(count) items match the \"contains\" schema, more than \(max)")
      return false
    }
    return true
  }

  mutating func failLength(_ node: SchemaNode, _ keyword: String, _ s: String, _ limit: Int) -> Bool {
    // The fast mode needs no message (counting the string is not free).
    guard collecting else { return false }
    let n = Self.scalarCount(s)
    fail(
      node, keyword,
      "the string has \(n) character\(n == 1 ? "" : "s"), \(keyword == "minLength" ? "fewer" : "more") than \(limit)")
    return false
  }

  /// The number of code points in `s` (JSON Schema's string length), counted from its
  /// UTF-8 bytes: every byte but a continuation byte (`10xxxxxx`) starts one.
  static func scalarCount(_ s: String) -> Int {
    let counted = s.utf8.withContiguousStorageIfAvailable { bytes in
      var n = 0
      for b in bytes where b & 0xC0 != 0x80 { n += 1 }
      return n
    }
    return counted ?? s.unicodeScalars.count
  }

  func firstDuplicate(_ items: [JSONValue]) -> (Int, Int)? {
    if items.count <= 16 {
      for j in 1..<items.count {
        for i in 0..<j where JSONEquality.equal(items[i], items[j]) { return (i, j) }
      }
      return nil
    }
    var seen: [StrictJSONKey: Int] = [:]
    for (j, item) in items.enumerated() {
      if let i = seen[StrictJSONKey(value: item)] { return (i, j) }
      seen[StrictJSONKey(value: item)] = j
    }
    return nil
  }

  static func describeType(_ v: JSONValue) -> String {
    if case .number(let n) = v, NumberMath.isIntegral(n) { return "integer" }
    return v.typeName
  }

  /// A short rendering of a value for messages (long values are cut).
  static func preview(_ v: JSONValue) -> String {
    let s = JSONSerializer.serialize(v)
    if s.count <= 80 { return s }
    return String(s.prefix(77)) + "..."
  }
}
