import GradShell
