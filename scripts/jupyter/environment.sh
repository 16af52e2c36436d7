# The environment of the Jupyter proof, sourced by scripts/test-jupyter and
# scripts/screenshot-jupyterlab with $root set to the repository's root.
export GRADLAB_BINARY="$root/.build/release/gradlab"
export GRADLAB_JUPYTER_PREFIX="$root/.build/jupytervenv"
export GRADLAB_JUPYTER_WORK="$root/.build/jupyter-proof"
# Jupyter's own folders (kernelspecs, connection files, settings) under .build,
# so nothing in the user's home is read or written, and a GradLab kernelspec
# installed there with --user cannot shadow the one under test.
export JUPYTER_DATA_DIR="$GRADLAB_JUPYTER_WORK/home/data"
export JUPYTER_RUNTIME_DIR="$GRADLAB_JUPYTER_WORK/home/runtime"
export JUPYTER_CONFIG_DIR="$GRADLAB_JUPYTER_WORK/home/config"
export IPYTHONDIR="$GRADLAB_JUPYTER_WORK/home/ipython"
mkdir -p "$JUPYTER_DATA_DIR" "$JUPYTER_RUNTIME_DIR" "$JUPYTER_CONFIG_DIR" "$IPYTHONDIR"
# The golden outputs' matrix kernels (see scripts/test); the tests set one thread.
if [ "$(uname -m)" = x86_64 ]; then
    export OPENBLAS_CORETYPE="${OPENBLAS_CORETYPE:-Haswell}"
fi
