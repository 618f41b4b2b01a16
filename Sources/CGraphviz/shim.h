// Graphviz's layout and rendering library (Debian: libgraphviz-dev), for the Diagrams module.
#include <graphviz/gvc.h>
#include <graphviz/cgraph.h>
