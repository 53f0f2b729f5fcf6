// Screen owned by UI engineer 2.

package ui
