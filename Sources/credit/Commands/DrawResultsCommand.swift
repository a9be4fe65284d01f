import ArgumentParser
struct Results: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "placeholder")
}
