/// A failure the user can fix (a bad example name, fault schedule or configuration): printed as
/// `Error: …` with exit code 1, without the usage text that argument mistakes get.
struct CommandError: Error, CustomStringConvertible {
  let description: String

  init(_ description: String) { self.description = description }
}
