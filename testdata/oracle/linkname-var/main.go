// Pulls runtime.newcoro with a linknamed variable (no data: a reference).
// go1.23-1.26 block the pull (only iter may); go1.27 lets the variable
// replace runtime's DUPOK ABI0 wrapper of the same name, so the
// reference is to main's own variable and links. Older releases have no
// such symbol to check. tests/oracle.rs builds it with every toolchain.

package main

import "unsafe"

//go:linkname newcoro runtime.newcoro
var newcoro byte

func main() { println(unsafe.Pointer(&newcoro) != nil) }
