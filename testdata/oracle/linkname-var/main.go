// Pulls runtime.newcoro with a linknamed variable (no data: a reference)
// that nothing reaches: the compiler folds `&newcoro != nil` to true.
// go1.23-1.26 refuse the pull all the same (the linkname rule fires
// reachable or not); go1.27 keeps main's variable for the name and
// links, since neither it nor runtime's DUPOK ABI0 wrapper of that name
// is reachable (linkname-var-ref is the reachable case). Older releases
// have no such symbol to check. tests/oracle.rs builds it with every
// toolchain.

package main

import "unsafe"

//go:linkname newcoro runtime.newcoro
var newcoro byte

func main() { println(unsafe.Pointer(&newcoro) != nil) }
