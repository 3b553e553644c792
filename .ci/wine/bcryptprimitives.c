/* Test-only stand-in for Windows' bcryptprimitives.dll, which Debian's Wine 8
 * lacks: Rust's std takes its random seed from ProcessPrng, here answered by
 * advapi32's RtlGenRandom (SystemFunction036). Never shipped in the zip. */
#include <windows.h>

typedef BOOLEAN(WINAPI *GenRandom)(PVOID, ULONG);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
    static GenRandom gen;
    if (!gen)
        gen = (GenRandom)GetProcAddress(LoadLibraryA("advapi32.dll"), "SystemFunction036");
    for (; len > 0;) {
        ULONG n = len > 0x10000000 ? 0x10000000 : (ULONG)len;
        if (!gen || !gen(data, n))
            return FALSE;
        data += n;
        len -= n;
    }
    return TRUE;
}
