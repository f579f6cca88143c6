// Takes runtime.sched with a //go:linkname variable of a type of its own.
// The linker keeps runtime's variable (read in the package pass, before
// main's non-package definitions) but, go1.16-1.20, main's DWARF entry
// for it (DUPOK, same size, main read first), found by name; that entry
// names main.mySched, a type the DWARF pass makes no entry for:
// `go.info.runtime.sched: relocation target go.info.main.mySched not
// defined`. go1.15 makes variable entries itself; go1.21+ take the
// entry of the kept definition. tests/oracle.rs builds it with every
// toolchain.

package main

import _ "unsafe"

type mySched struct{ pad [8]byte }

//go:linkname sched runtime.sched
var sched mySched

func main() { println("sched") }
