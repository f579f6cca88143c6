// Package cgopkg calls C through cgo (host objects in the archive).
package cgopkg

/*
static int triple(int x) { return 3 * x; }
int exported_counter = 7;
*/
import "C"

// Triple calls C.
func Triple(x int) int { return int(C.triple(C.int(x))) + int(C.exported_counter) }
