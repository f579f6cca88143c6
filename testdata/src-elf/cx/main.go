package main

import "C"

//export GosymAdd
func GosymAdd(a, b C.int) C.int { return a + b }

func main() {}
