package main

import "sy"

func main() { println(sy.Call()) }
