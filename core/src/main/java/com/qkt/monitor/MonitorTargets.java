package com.qkt.monitor;

import com.qkt.engine.EngineContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Which engine directories an operator tool reads: the one given, those of a pid, or every live engine under the
 * default parent ({@code java.io.tmpdir}), newest first.
 */
public final class MonitorTargets
{
    private MonitorTargets()
    {
    }

    /**
     * @param target a directory (or its monitor file), a pid, or null for every live engine under {@code parent}.
     * @param parent where default engine directories are created (the temp dir).
     * @return the directories holding a monitor file, newest first.
     * @throws IllegalArgumentException with a one-line explanation when there is none.
     */
    public static List<Path> resolve(final String target, final Path parent)
    {
        if (null != target && !target.chars().allMatch(Character::isDigit))
        {
            final Path path = Paths.get(target);
            final Path dir = path.getFileName() != null && MonitorFile.FILE_NAME.equals(path.getFileName().toString()) ?
                path.toAbsolutePath().getParent() : path;
            if (!Files.isRegularFile(dir.resolve(MonitorFile.FILE_NAME)))
            {
                throw new IllegalArgumentException("no " + MonitorFile.FILE_NAME + " in " + dir +
                    " (the engine's " + EngineContext.DIR_PROP_NAME + "; deleted when the engine closed?)");
            }
            return List.of(dir);
        }

        final String prefix = EngineContext.DIR_DEFAULT_PREFIX + (null == target ? "" : target + "-");
        final List<Path> found = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(parent))
        {
            dirs.filter((dir) -> dir.getFileName().toString().startsWith(prefix))
                .filter((dir) -> Files.isRegularFile(dir.resolve(MonitorFile.FILE_NAME)))
                .forEach(found::add);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot list " + parent, ex);
        }
        found.sort(Comparator.comparing(MonitorTargets::modified).reversed());

        final List<Path> live = new ArrayList<>();
        for (final Path dir : found)
        {
            if (null != target || isLive(dir))
            {
                live.add(dir);
            }
        }
        if (live.isEmpty())
        {
            throw new IllegalArgumentException("no " + (null == target ? "running engine" : "engine of pid " + target) +
                " found under " + parent + " (" + prefix + "*/" + MonitorFile.FILE_NAME + "); give its directory (" +
                EngineContext.DIR_PROP_NAME + ")");
        }
        return live;
    }

    private static boolean isLive(final Path dir)
    {
        try (MonitorFile file = MonitorFile.open(dir))
        {
            return file.isProcessAlive();
        }
        catch (final RuntimeException ex)
        {
            return false; // being created or deleted right now
        }
    }

    private static long modified(final Path dir)
    {
        try
        {
            return Files.getLastModifiedTime(dir.resolve(MonitorFile.FILE_NAME)).toMillis();
        }
        catch (final IOException ex)
        {
            return 0;
        }
    }
}
