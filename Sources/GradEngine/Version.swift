/// GradLab's version: the command line's `--version`, and what exports and files record.
public let gradLabVersion = "0.2.0"
