import GradEngine
