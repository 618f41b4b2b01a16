import Foundation

/// One lab of the workbook: its handout folder, its reference target and its graded suite.
public struct Lab: Hashable, Sendable, Comparable {
  /// The lab's target name, e.g. `Warmup`; its suite is `<name>Tests`.
  public var name: String
  /// The folder under `Labs/`, e.g. `00-warmup`.
  public var folder: String
  /// The lab's number in course order (the folder's prefix).
  public var number: Int

  /// Creates a lab description.
  public init(name: String, folder: String, number: Int) {
    self.name = name
    self.folder = folder
    self.number = number
  }

  /// The graded suite's test target.
  public var testTarget: String { name + "Tests" }

  /// The short name people type: the folder without its number (`warmup`, `failure-detection`).
  public var shortName: String { String(folder.drop { $0.isNumber }.dropFirst()) }

  public static func < (a: Lab, b: Lab) -> Bool { (a.number, a.name) < (b.number, b.name) }
}

/// The labs of a DistLab checkout, found on disk: every `Labs/NN-name/` folder with a matching
/// `Reference/<Name>/` target folder (`00-warmup` ↔ `Warmup`, `08-bft` ↔ `BFT`: the names agree
/// once case and hyphens are ignored).
public struct LabCatalog: Sendable {
  /// The package root (the folder holding `Package.swift`).
  public let root: String
  /// Every lab, in course order.
  public let labs: [Lab]

  /// Reads the labs under `root`.
  ///
  /// - Throws: `GradeInputError.notAPackage` when `root` has no `Package.swift` and `Labs/` folder.
  public init(root: String) throws(GradeInputError) {
    let files = FileManager.default
    let labsFolder = (root as NSString).appendingPathComponent("Labs")
    guard files.fileExists(atPath: (root as NSString).appendingPathComponent("Package.swift")),
      let folders = try? files.contentsOfDirectory(atPath: labsFolder)
    else { throw .notAPackage(path: root) }
    let references = (try? files.contentsOfDirectory(atPath: (root as NSString).appendingPathComponent("Reference"))) ?? []
    func squashed(_ text: some StringProtocol) -> String { text.lowercased().filter { $0.isLetter || $0.isNumber } }
    var labs: [Lab] = []
    for folder in folders.sorted() {
      let digits = folder.prefix { $0.isNumber }
      guard let number = Int(digits), folder.dropFirst(digits.count).first == "-" else { continue }
      let wanted = squashed(folder.dropFirst(digits.count + 1))
      guard let name = references.first(where: { squashed($0) == wanted }) else { continue }
      labs.append(Lab(name: name, folder: folder, number: number))
    }
    self.root = root
    self.labs = labs.sorted()
  }

  /// Finds the lab a user named: by target name, short name, folder or number, ignoring case.
  ///
  /// - Throws: `GradeInputError.unknownLab` listing the labs there are.
  public func lab(named text: String) throws(GradeInputError) -> Lab {
    let key = text.lowercased()
    if let lab = labs.first(where: {
      [$0.name.lowercased(), $0.shortName.lowercased(), $0.folder.lowercased(), $0.testTarget.lowercased()].contains(key)
        || Int(key) == $0.number
    }) {
      return lab
    }
    throw .unknownLab(text, known: labs.map(\.shortName))
  }

  /// Finds the package root: `start` or the nearest folder above it holding `Package.swift` and `Labs/`.
  public static func packageRoot(from start: String) -> String? {
    var folder = URL(fileURLWithPath: start).standardizedFileURL
    while true {
      let path = folder.path
      if FileManager.default.fileExists(atPath: path + "/Package.swift"), FileManager.default.fileExists(atPath: path + "/Labs") {
        return path
      }
      let parent = folder.deletingLastPathComponent()
      if parent.path == path { return nil }
      folder = parent
    }
  }
}
