package main

import _ "unsafe"

//go:linkname gcount runtime.gcount
func gcount() int32

func main() { println(gcount()) }
