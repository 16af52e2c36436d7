import Foundation
import GradEngine
import XCTest

@testable import GradShell

/// `gradlab kernel install` and `uninstall`, through the binary, into
/// temporary folders; where the kernelspec goes for each option.
final class KernelSpecTests: XCTestCase {
    private var folder = ""

    override func setUpWithError() throws {
        folder = NSTemporaryDirectory() + "gradlab-kernelspec-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: folder) }

    private var root: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    private func committedLogo(_ size: Int) throws -> [UInt8] {
        [UInt8](
            try Data(
                contentsOf: root.appendingPathComponent(
                    "docs/images/kernel-logo-\(size)x\(size).png")))
    }

    func testInstallWritesTheKernelspecAndUninstallRemovesIt() throws {
        let binary = Subprocess.gradlabBinary
        let prefix = folder + "/prefix"
        let install = Subprocess.run(
            binary, ["kernel", "install", "--prefix", prefix], mergingErrors: true)
        XCTAssertEqual(install.status, 0, install.output)
        let spec = prefix + "/share/jupyter/kernels/gradlab"
        XCTAssertTrue(install.output.hasPrefix("installed the GradLab kernel in \(spec)"))

        let json = try JSONValue.parse(
            try String(contentsOfFile: spec + "/kernel.json", encoding: .utf8))
        // The binary by its absolute path, with symbolic links resolved.
        let resolved = URL(fileURLWithPath: binary).resolvingSymlinksInPath().path
        XCTAssertEqual(
            json["argv"],
            .array([
                .string(resolved), .string("kernel"), .string("-f"), .string("{connection_file}"),
            ]))
        XCTAssertEqual(json["display_name"], .string("GradLab"))
        XCTAssertEqual(json["language"], .string("grad"))
        XCTAssertEqual(json["interrupt_mode"], .string("message"))
        XCTAssertEqual(json["metadata"]?["gradlab_version"], .string(gradLabVersion))
        XCTAssertEqual(
            [UInt8](try Data(contentsOf: URL(fileURLWithPath: spec + "/logo-32x32.png"))),
            try committedLogo(32))
        XCTAssertEqual(
            [UInt8](try Data(contentsOf: URL(fileURLWithPath: spec + "/logo-64x64.png"))),
            try committedLogo(64))

        let uninstall = Subprocess.run(
            binary, ["kernel", "uninstall", "--prefix", prefix], mergingErrors: true)
        XCTAssertEqual(uninstall.status, 0, uninstall.output)
        XCTAssertEqual(uninstall.output, "removed the GradLab kernel from \(spec)\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: spec))

        let again = Subprocess.run(
            binary, ["kernel", "uninstall", "--prefix", prefix], mergingErrors: true)
        XCTAssertEqual(again.status, 66)
        XCTAssertEqual(again.output, "gradlab kernel uninstall: no kernelspec in \(spec)\n")
    }

    /// --name names the folder; a folder holding other files is kept on uninstall.
    func testANamedKernelspecAndAFolderWithOtherFiles() throws {
        let spec = folder + "/k/gradlab-dev"
        XCTAssertNoThrow(try KernelSpec.install(into: spec, executable: "/opt/gradlab").get())
        XCTAssertTrue(
            try String(contentsOfFile: spec + "/kernel.json", encoding: .utf8).contains(
                "\"/opt/gradlab\""))
        try "x".write(toFile: spec + "/notes.txt", atomically: true, encoding: .utf8)
        XCTAssertEqual(KernelSpec.uninstall(from: spec), .success(.filesRemovedFolderKept))
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: spec), ["notes.txt"])
    }

    /// A kernelspec that cannot be written: exit 73 with the reason.
    func testAnUnwritablePlaceIsRefused() throws {
        let blocker = folder + "/file"
        try "x".write(toFile: blocker, atomically: true, encoding: .utf8)
        let r = Subprocess.run(
            Subprocess.gradlabBinary, ["kernel", "install", "--prefix", blocker],
            mergingErrors: true)
        XCTAssertEqual(r.status, 73)
        XCTAssertEqual(
            r.output, "gradlab kernel install: cannot make \(blocker)/share: Not a directory\n")
    }

    /// --user follows jupyter_core: JUPYTER_DATA_DIR, XDG_DATA_HOME, then ~/.local/share.
    func testTheUserFolderIsWhereJupyterLooks() {
        XCTAssertEqual(
            KernelSpecScope.user.kernelsFolder(environment: ["HOME": "/home/a"]),
            "/home/a/.local/share/jupyter/kernels")
        XCTAssertEqual(
            KernelSpecScope.user.kernelsFolder(environment: [
                "HOME": "/home/a", "XDG_DATA_HOME": "/x",
            ]), "/x/jupyter/kernels")
        XCTAssertEqual(
            KernelSpecScope.user.kernelsFolder(environment: [
                "HOME": "/home/a", "XDG_DATA_HOME": "/x", "JUPYTER_DATA_DIR": "/j/",
            ]), "/j/kernels")
        XCTAssertNil(KernelSpecScope.user.kernelsFolder(environment: [:]))
        XCTAssertEqual(
            KernelSpecScope.prefix("/usr/local").kernelsFolder(environment: [:]),
            "/usr/local/share/jupyter/kernels")
        XCTAssertEqual(
            KernelSpecScope.sysPrefix.kernelsFolder(environment: [
                "VIRTUAL_ENV": "/v", "CONDA_PREFIX": "/c",
            ]), "/v/share/jupyter/kernels")
        XCTAssertEqual(
            KernelSpecScope.sysPrefix.kernelsFolder(environment: ["CONDA_PREFIX": "/c"]),
            "/c/share/jupyter/kernels")
        XCTAssertNil(KernelSpecScope.sysPrefix.kernelsFolder(environment: ["HOME": "/h"]))
    }

    func testOptionsAreCheckedAndTheDefaultIsUser() {
        func parsed(_ a: [String]) -> String {
            switch KernelCommand.parseSpecOptions(a) {
            case .success(let o): return "\(o.scope) \(o.name)"
            case .failure(let f): return f.description
            }
        }
        XCTAssertEqual(parsed([]), "user gradlab")
        XCTAssertEqual(parsed(["--user", "--name", "g2"]), "user g2")
        XCTAssertEqual(parsed(["--prefix", "/p"]), "prefix(\"/p\") gradlab")
        XCTAssertEqual(
            parsed(["--user", "--prefix", "/p"]),
            "--user, --prefix and --sys-prefix exclude each other")
        XCTAssertEqual(parsed(["--sys-prefix"]), "sysPrefix gradlab")
        XCTAssertEqual(
            parsed(["--name", "a/b"]),
            "--name needs a kernel name of letters, digits, '.', '_' and '-'")
        XCTAssertEqual(parsed(["--sys"]), "unknown option '--sys'")
        XCTAssertEqual(parsed(["--prefix"]), "--prefix needs a folder")
        let r = Subprocess.run(
            Subprocess.gradlabBinary, ["kernel", "install", "--bogus"], mergingErrors: true)
        XCTAssertEqual(r.status, 64)
        XCTAssertTrue(r.output.hasPrefix("gradlab kernel install: unknown option '--bogus'\n"))
    }

    /// Drift: the logo the binary writes is the committed PNGs
    /// (scripts/make-kernel-logo.py writes both), and they are PNGs of their size.
    func testTheEmbeddedLogoIsTheCommittedOne() throws {
        XCTAssertEqual(KernelLogo.png32, try committedLogo(32))
        XCTAssertEqual(KernelLogo.png64, try committedLogo(64))
        for (png, size) in [(KernelLogo.png32, 32), (KernelLogo.png64, 64)] {
            XCTAssertEqual(Array(png.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
            // IHDR's width and height, big-endian, at bytes 16 and 20.
            XCTAssertEqual(Array(png[16..<24]), [0, 0, 0, UInt8(size), 0, 0, 0, UInt8(size)])
        }
    }

    /// `gradlab --help` lists the kernel commands.
    func testHelpListsTheKernelCommands() {
        let r = Subprocess.run(Subprocess.gradlabBinary, ["--help"])
        XCTAssertEqual(r.status, 0)
        for line in [
            "gradlab kernel -f CONNECTION_FILE",
            "gradlab kernel install [--user | --prefix DIR | --sys-prefix] [--name NAME]",
            "gradlab kernel uninstall [the same options]",
        ] {
            XCTAssertTrue(r.output.contains(line), line)
        }
    }
}
