import GradEngine

/// What `kernel_info_reply` says about the kernel and its language.
enum KernelInfo {
    /// The `language_info` member: the notebook's language and how frontends
    /// show it. `codemirror_mode` is a MIME name, which JupyterLab accepts
    /// (it looks the string up as a mode name or MIME type and falls back
    /// to plain text when no editor mode is registered for it); the Pygments
    /// lexer is the one editors/pygments registers.
    static let languageInfo: JSONValue = .strings([
        ("name", "grad"), ("version", gradLabVersion), ("mimetype", "text/x-grad"),
        ("file_extension", ".grad"), ("pygments_lexer", "grad"),
        ("codemirror_mode", "text/x-grad"), ("nbconvert_exporter", "script"),
    ])

    /// The text a console shows when it connects.
    static let banner = """
        GradLab \(gradLabVersion): a small language for building, training and diagnosing neural networks.
        help() lists the builtins; help(name) explains one.
        """

    /// The whole reply content.
    static var reply: JSONValue {
        .object([
            JSONMember("status", .string("ok")),
            JSONMember("protocol_version", .string(KernelHeaderMaker.protocolVersion)),
            JSONMember("implementation", .string("gradlab")),
            JSONMember("implementation_version", .string(gradLabVersion)),
            JSONMember("language_info", languageInfo),
            JSONMember("banner", .string(banner)),
            // GradLab's documentation is the repository's docs/ folder; there
            // is no site to link to, and browsers refuse file: links from a page.
            JSONMember("help_links", .array([])),
            JSONMember("debugger", .bool(false)),
        ])
    }
}
