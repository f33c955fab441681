// A file error in a few plain words, for the messages of :load, :save, :export and read_csv.

import Foundation

/// Turns file errors into a few plain words.
enum FileProblem {
    static func describe(_ error: Error, at url: URL) -> String {
        let manager = FileManager.default
        let directory = url.deletingLastPathComponent().path
        if !manager.fileExists(atPath: directory) { return "the folder \(directory) does not exist" }
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue { return "it is a folder" }
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code))).lowercased()
        }
        if nsError.domain == NSCocoaErrorDomain {
            switch nsError.code {
            case NSFileReadNoSuchFileError, NSFileNoSuchFileError: return "no such file"
            case NSFileReadNoPermissionError, NSFileWriteNoPermissionError: return "permission denied"
            case NSFileReadInapplicableStringEncodingError: return "it is not UTF-8 text"
            case NSFileWriteOutOfSpaceError: return "the disk is full"
            case NSFileWriteVolumeReadOnlyError: return "the disk is read-only"
            default: break
            }
        }
        return nsError.localizedDescription
    }
}
