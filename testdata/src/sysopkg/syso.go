// Package sysopkg links a prebuilt .syso host object.
package sysopkg

// Marker is here so the package has Go code.
func Marker() int { return 1 }
