package main

import "unsafe"

//go:linkname coroswitch runtime.coroswitch
func coroswitch(unsafe.Pointer)

func main() { coroswitch(nil) }
