import Foundation
import PackagePlugin

/// Writes `Revision.swift` (`let buildRevision = "<git commit>[-dirty]"`) before each build, so
/// every output can say which source it came from. Outside a git checkout, or without git,
/// the revision is "unknown". The file is rewritten only when the revision changes.
@main
struct RevisionStamp: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let output = context.pluginWorkDirectoryURL.appending(path: "Revision.swift")
        let script = """
            cd "$1" || exit 1
            revision=$(git rev-parse HEAD 2>/dev/null) || revision=unknown
            if [ "$revision" != unknown ] && [ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]; then
                revision="$revision-dirty"
            fi
            text="/// The git commit bordersim was built from (written by the RevisionStamp plugin).
            let buildRevision = \\"$revision\\""
            [ -f "$2" ] && [ "$(cat "$2")" = "$text" ] || printf '%s\\n' "$text" > "$2"
            """
        return [.prebuildCommand(
            displayName: "Stamping the git revision into \(target.name)",
            executable: URL(fileURLWithPath: "/bin/sh"),
            arguments: ["-c", script, "stamp", context.package.directoryURL.path, output.path],
            outputFilesDirectory: context.pluginWorkDirectoryURL)]
    }
}
