package main

// X is all there is.
var X = 1
