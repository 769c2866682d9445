import StraitPCRE2
import Testing

@Suite struct PCRE2Tests {
  @Test func compilesAndMatches() throws {
    let regex = try PCRE2Regex("^[a-z]+-\\d{2}$", options: [.utf, .dollarEndOnly])
    #expect(regex.matches("abc-12"))
    #expect(!regex.matches("abc-12\n"))
    #expect(!regex.matches("ABC-12"))
    #expect(PCRE2Regex.libraryVersion.hasPrefix("10."))
  }

  @Test func reportsCompileErrorWithOffset() {
    #expect(throws: PCRE2Regex.CompileError.self) { try PCRE2Regex("a(b") }
    do {
      _ = try PCRE2Regex("a(b")
    } catch {
      #expect(error.offset == 3)
      #expect(error.message.contains("parenthesis"))
    }
  }
}
