import Foundation

/// The regexes of the MaskBench schemas: every `pattern` string and `patternProperties` key.
enum MaskBenchPatterns {
  static func collect(in folder: URL) throws -> [String] {
    var found = Set<String>()
    let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
      .filter { $0.pathExtension == "json" }
    for file in files {
      guard let data = try? Data(contentsOf: file),
        let json = try? JSONSerialization.jsonObject(with: data)
      else { continue }
      let root = (json as? [String: Any])?["schema"] ?? json
      // Iterative walk: schemas can be deeply nested.
      var stack: [Any] = [root]
      while let node = stack.popLast() {
        if let object = node as? [String: Any] {
          for (key, value) in object {
            if key == "pattern", let p = value as? String { found.insert(p) }
            if key == "patternProperties", let props = value as? [String: Any] {
              found.formUnion(props.keys)
            }
            stack.append(value)
          }
        } else if let array = node as? [Any] {
          stack.append(contentsOf: array)
        }
      }
    }
    return found.sorted()
  }
}
