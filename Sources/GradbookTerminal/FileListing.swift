// The file system as TAB completion sees it: the entries of one folder.

import Foundation
import GradbookCore

/// Lists folders for `Completion` (which stays pure and takes the listing as a function).
public enum FileListing {
    /// The entries of `folder` as typed (`""` is the current folder; `~/` is expanded); empty if unreadable.
    public static func entries(_ folder: String) -> [Completion.DirectoryEntry] {
        let path = folder.isEmpty ? "." : (folder as NSString).expandingTildeInPath
        let manager = FileManager.default
        guard let names = try? manager.contentsOfDirectory(atPath: path) else { return [] }
        return names.map { name in
            var isDirectory: ObjCBool = false
            _ = manager.fileExists(atPath: (path as NSString).appendingPathComponent(name), isDirectory: &isDirectory)
            return Completion.DirectoryEntry(name: name, isDirectory: isDirectory.boolValue)
        }
    }
}
