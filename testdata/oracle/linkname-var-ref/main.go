// Pulls runtime.newcoro with a linknamed variable whose address main
// passes on, so the reference stays (Go's own
// cmd/link/testdata/linkname/coro_var.go). go1.23-1.26 refuse the pull;
// go1.27 keeps main's variable for the name, while runtime lists its
// DUPOK ABI0 wrapper of that name among its functions: the DWARF pass
// stops on a function that is a variable (without DWARF, findfunctab
// panics). Older releases have no such symbol. tests/oracle.rs builds it
// with every toolchain.

package main

import "unsafe"

func main() {
	call(&newcoro)
}

//go:linkname newcoro runtime.newcoro
var newcoro unsafe.Pointer

//go:noinline
func call(*unsafe.Pointer) {}
