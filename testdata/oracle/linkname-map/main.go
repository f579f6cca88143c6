package main

import "unsafe"

//go:linkname mapaccess1 runtime.mapaccess1
func mapaccess1(t, m, k unsafe.Pointer) unsafe.Pointer

func main() { println(mapaccess1(nil, nil, nil)) }
