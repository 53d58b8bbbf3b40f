/* Test-only stand-in for bcryptprimitives.dll, which Wine 8.0 lacks and the Go (>=1.22) runtime needs. */
/* Built only by scripts/smoke-wine.sh into a throwaway Wine prefix under /tmp: never shipped, never part of dist/. */
#include <windows.h>
BOOLEAN NTAPI SystemFunction036(PVOID buf, ULONG len); /* RtlGenRandom, advapi32 */
__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
    while (len > 0) {
        ULONG n = len > 0x10000000 ? 0x10000000 : (ULONG)len;
        if (!SystemFunction036(data, n)) return FALSE;
        data += n; len -= n;
    }
    return TRUE;
}
