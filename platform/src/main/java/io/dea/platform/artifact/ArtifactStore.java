package io.dea.platform.artifact;

import io.dea.platform.codegen.DbtFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.merge.ContentMergeStrategy;
import org.eclipse.jgit.merge.MergeStrategy;
import org.eclipse.jgit.merge.ResolveMerger;
import org.eclipse.jgit.merge.ThreeWayMerger;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.RevFilter;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The data project: a Git repository (JGit) of connector configs, dbt models and tests, DAGs and
 * policies. Agents commit to a plan's branch without touching the working tree (commits are built
 * in memory), so plans never disturb each other or the checked-out main; approval merges the branch
 * into main with a merge commit, which is what a rollback reverts.
 */
public final class ArtifactStore {

    public static final String MAIN = "main";
    private static final Map<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

    private final Path root;
    private final ReentrantLock lock;

    public ArtifactStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.lock = LOCKS.computeIfAbsent(this.root, r -> new ReentrantLock());
        locked(() -> {
            if (!Files.isDirectory(this.root.resolve(".git"))) {
                initialize();
            }
            return null;
        });
    }

    public Path root() {
        return root;
    }

    /**
     * Commits files to a branch (created from main when missing); a null content deletes the path.
     * Returns the new commit id, or the branch head when nothing changed, so a re-delivered task
     * commits nothing twice. A commit to main also refreshes main's checked-out files. A dbt file holding Jinja the generators never emit is refused before
     * anything is written ({@link DbtFiles}): data and goals never become code.
     */
    public String commit(String branch, Map<String, String> files, String message, String author) {
        files.forEach(DbtFiles::check);
        return locked(() -> {
            try (Repository repo = open(); ObjectInserter inserter = repo.newObjectInserter(); RevWalk walk = new RevWalk(repo)) {
                Ref ref = repo.exactRef(Constants.R_HEADS + branch);
                ObjectId parentId = ref != null ? ref.getObjectId() : repo.resolve(Constants.R_HEADS + MAIN);
                RevCommit parent = walk.parseCommit(parentId);
                Map<String, ObjectId> blobs = new LinkedHashMap<>();
                for (Map.Entry<String, String> file : files.entrySet()) {
                    blobs.put(file.getKey(), file.getValue() == null ? null
                            : inserter.insert(Constants.OBJ_BLOB, file.getValue().getBytes(StandardCharsets.UTF_8)));
                }
                ObjectId treeId = tree(repo, inserter, parent.getTree(), blobs);
                if (ref != null && treeId.equals(parent.getTree().getId())) {
                    return parentId.name();
                }
                ObjectId commitId = insertCommit(inserter, treeId, message, author, parentId);
                update(repo, Constants.R_HEADS + branch, ref == null ? ObjectId.zeroId() : parentId, commitId);
                if (MAIN.equals(branch)) { // main is checked out: people read the project (and its docs page) there
                    try (Git git = new Git(repo)) {
                        git.reset().setMode(ResetCommand.ResetType.HARD).setRef(Constants.HEAD).call();
                    }
                }
                return commitId.name();
            }
        });
    }

    /** A tree: {@code base} with the given paths set to those blobs (a null blob deletes the path). */
    private static ObjectId tree(Repository repo, ObjectInserter inserter, ObjectId base, Map<String, ObjectId> blobs) throws IOException {
        DirCache index = DirCache.newInCore();
        DirCacheBuilder builder = index.builder();
        try (TreeWalk tree = new TreeWalk(repo)) {
            tree.addTree(base);
            tree.setRecursive(true);
            while (tree.next()) {
                if (!blobs.containsKey(tree.getPathString())) {
                    DirCacheEntry entry = new DirCacheEntry(tree.getPathString());
                    entry.setFileMode(tree.getFileMode(0));
                    entry.setObjectId(tree.getObjectId(0));
                    builder.add(entry);
                }
            }
        }
        for (Map.Entry<String, ObjectId> blob : blobs.entrySet()) {
            if (blob.getValue() != null) {
                DirCacheEntry entry = new DirCacheEntry(blob.getKey());
                entry.setFileMode(FileMode.REGULAR_FILE);
                entry.setObjectId(blob.getValue());
                builder.add(entry);
            }
        }
        builder.finish();
        return index.writeTree(inserter);
    }

    /** The unified diff of a branch against main, from their merge base. Empty when nothing differs. */
    public String diff(String branch) {
        return locked(() -> {
            try (Repository repo = open(); RevWalk walk = new RevWalk(repo)) {
                ObjectId branchId = repo.resolve(Constants.R_HEADS + branch);
                if (branchId == null) {
                    return "";
                }
                RevCommit head = walk.parseCommit(branchId);
                RevCommit base = mergeBase(repo, head);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                try (DiffFormatter formatter = new DiffFormatter(out)) {
                    formatter.setRepository(repo);
                    formatter.format(base.getTree(), head.getTree());
                }
                return out.toString(StandardCharsets.UTF_8);
            }
        });
    }

    /**
     * Merges a branch into main with a merge commit and refreshes main's working tree. Merging a
     * branch that is already in main returns main's head and changes nothing.
     */
    public String merge(String branch, String author) {
        return merge(branch, author, Set.of());
    }

    /**
     * Merges a branch into main, where {@code regenerated} names files the branch writes whole from its
     * own goal (a mart's DAG): when only those conflict with main, the branch's version wins, since the
     * goal applied last owns them. A conflict in any other file fails with nothing merged.
     */
    public String merge(String branch, String author, Set<String> regenerated) {
        return locked(() -> {
            try (Repository repo = open(); ObjectInserter inserter = repo.newObjectInserter(); RevWalk walk = new RevWalk(repo)) {
                ObjectId mainId = repo.resolve(Constants.R_HEADS + MAIN);
                ObjectId branchId = repo.resolve(Constants.R_HEADS + branch);
                if (branchId == null) {
                    throw new IllegalStateException("no branch " + branch + " in " + root);
                }
                RevCommit main = walk.parseCommit(mainId);
                RevCommit head = walk.parseCommit(branchId);
                if (walk.isMergedInto(head, main)) {
                    return mainId.name();
                }
                ObjectId treeId = mergedTree(repo, inserter, main, head, branch, regenerated);
                ObjectId commitId = insertCommit(inserter, treeId,
                        "Merge " + branch + " (approved by " + author + ")", author, mainId, branchId);
                update(repo, Constants.R_HEADS + MAIN, mainId, commitId);
                try (Git git = new Git(repo)) {
                    git.reset().setMode(ResetCommand.ResetType.HARD).setRef(Constants.HEAD).call();
                }
                return commitId.name();
            }
        });
    }

    /** The tree of main merged with the branch, resolving conflicts only in regenerated files. */
    private static ObjectId mergedTree(Repository repo, ObjectInserter inserter, RevCommit main, RevCommit head,
                                       String branch, Set<String> regenerated) throws IOException {
        ResolveMerger merger = (ResolveMerger) MergeStrategy.RECURSIVE.newMerger(repo, true);
        if (merger.merge(main, head)) {
            return merger.getResultTreeId();
        }
        List<String> conflicts = merger.getUnmergedPaths();
        if (conflicts.isEmpty() || !regenerated.containsAll(conflicts)) {
            throw new MergeConflictException(branch, conflicts);
        }
        ResolveMerger theirs = (ResolveMerger) MergeStrategy.RECURSIVE.newMerger(repo, true);
        theirs.setContentMergeStrategy(ContentMergeStrategy.THEIRS);
        if (!theirs.merge(main, head)) {
            throw new MergeConflictException(branch, theirs.getUnmergedPaths());
        }
        // THEIRS settles conflicting hunks only; a regenerated file is taken whole from the branch.
        Map<String, ObjectId> fromBranch = new LinkedHashMap<>();
        for (String path : conflicts) {
            try (TreeWalk file = TreeWalk.forPath(repo, path, head.getTree())) {
                fromBranch.put(path, file == null ? null : file.getObjectId(0));
            }
        }
        return tree(repo, inserter, theirs.getResultTreeId(), fromBranch);
    }

    /**
     * Reverts a merge on main: a new commit on main whose tree undoes what the merge brought in,
     * keeping whatever main gained since (a three-way merge with the merge commit as the base and its
     * first parent as the other side). Reverting a merge already reverted returns that revert.
     */
    public String revert(String mergeCommit, String author) {
        return locked(() -> {
            try (Repository repo = open(); ObjectInserter inserter = repo.newObjectInserter(); RevWalk walk = new RevWalk(repo)) {
                ObjectId mergeId = repo.resolve(mergeCommit + "^{commit}");
                if (mergeId == null) {
                    throw new IllegalStateException("no commit " + mergeCommit + " in " + root);
                }
                RevCommit merge = walk.parseCommit(mergeId);
                ObjectId mainId = repo.resolve(Constants.R_HEADS + MAIN);
                RevCommit main = walk.parseCommit(mainId);
                if (!walk.isMergedInto(merge, main)) {
                    throw new IllegalStateException("commit " + mergeCommit + " is not on main");
                }
                String message = "Revert " + merge.getName();
                walk.reset();
                walk.markStart(walk.parseCommit(mainId));
                for (RevCommit commit : walk) {
                    if (commit.equals(merge)) {
                        break;
                    }
                    if (commit.getFullMessage().startsWith(message)) {
                        return commit.getName(); // reverted already: a re-delivered rollback reverts nothing twice
                    }
                }
                if (merge.getParentCount() == 0) {
                    throw new IllegalStateException("commit " + mergeCommit + " has no parent to return to");
                }
                RevCommit before = walk.parseCommit(merge.getParent(0));
                ThreeWayMerger merger = MergeStrategy.RECURSIVE.newMerger(repo, true);
                merger.setBase(merge);
                if (!merger.merge(main, before)) {
                    throw new IllegalStateException("reverting " + mergeCommit + " conflicts with later changes on main");
                }
                ObjectId commitId = insertCommit(inserter, merger.getResultTreeId(),
                        message + " (rolled back by " + author + ")", author, mainId);
                update(repo, Constants.R_HEADS + MAIN, mainId, commitId);
                try (Git git = new Git(repo)) {
                    git.reset().setMode(ResetCommand.ResetType.HARD).setRef(Constants.HEAD).call();
                }
                return commitId.name();
            }
        });
    }

    /**
     * A plan's branch and main changed the same files differently (another plan merged first). Not
     * a passing failure: merging again gives the same answer.
     */
    public static final class MergeConflictException extends IllegalStateException {
        private final List<String> paths;

        MergeConflictException(String branch, List<String> paths) {
            super("branch " + branch + " conflicts with main" + (paths.isEmpty() ? "" : " in " + String.join(", ", paths)));
            this.paths = List.copyOf(paths);
        }

        public List<String> paths() {
            return paths;
        }
    }

    /** Writes a branch's files into a directory (dbt runs there), replacing what it held. */
    public void export(String branch, Path dir) {
        locked(() -> {
            try (Repository repo = open(); RevWalk walk = new RevWalk(repo); TreeWalk tree = new TreeWalk(repo)) {
                ObjectId id = repo.resolve(Constants.R_HEADS + branch);
                if (id == null) {
                    id = repo.resolve(Constants.R_HEADS + MAIN);
                }
                Files.createDirectories(dir);
                deleteExceptBuildOutput(dir);
                tree.addTree(walk.parseCommit(id).getTree());
                tree.setRecursive(true);
                while (tree.next()) {
                    Path target = dir.resolve(tree.getPathString());
                    Files.createDirectories(target.getParent());
                    Files.write(target, repo.open(tree.getObjectId(0)).getBytes());
                }
            }
            return null;
        });
    }

    /** Every file on a branch with its content. */
    public Map<String, String> files(String branch) {
        return locked(() -> {
            Map<String, String> files = new LinkedHashMap<>();
            try (Repository repo = open(); RevWalk walk = new RevWalk(repo); TreeWalk tree = new TreeWalk(repo)) {
                ObjectId id = repo.resolve(Constants.R_HEADS + branch);
                if (id == null) {
                    return files;
                }
                tree.addTree(walk.parseCommit(id).getTree());
                tree.setRecursive(true);
                while (tree.next()) {
                    files.put(tree.getPathString(), new String(repo.open(tree.getObjectId(0)).getBytes(), StandardCharsets.UTF_8));
                }
            }
            return files;
        });
    }

    /** The commit a branch points at, or null when there is no such branch. */
    public String head(String branch) {
        return locked(() -> {
            try (Repository repo = open()) {
                ObjectId id = repo.resolve(Constants.R_HEADS + branch);
                return id == null ? null : id.getName();
            }
        });
    }

    /**
     * The newest commit on the branch's first-parent line that changed the file (on main: the merge
     * that brought it), or null when the branch or file is absent.
     */
    public String lastChange(String branch, String path) {
        return locked(() -> {
            try (Repository repo = open(); RevWalk walk = new RevWalk(repo)) {
                ObjectId id = repo.resolve(Constants.R_HEADS + branch);
                RevCommit commit = id == null ? null : walk.parseCommit(id);
                while (commit != null) {
                    ObjectId blob = blob(repo, commit, path);
                    RevCommit parent = commit.getParentCount() == 0 ? null : walk.parseCommit(commit.getParent(0));
                    if (blob != null && (parent == null || !blob.equals(blob(repo, parent, path)))) {
                        return commit.getName();
                    }
                    commit = blob == null ? null : parent;
                }
                return null;
            }
        });
    }

    private static ObjectId blob(Repository repo, RevCommit commit, String path) throws IOException {
        try (TreeWalk tree = TreeWalk.forPath(repo, path, commit.getTree())) {
            return tree == null ? null : tree.getObjectId(0);
        }
    }

    public boolean branchExists(String branch) {
        return locked(() -> {
            try (Repository repo = open()) {
                return repo.exactRef(Constants.R_HEADS + branch) != null;
            }
        });
    }

    /** The branches whose names start with the prefix (e.g. {@code plan/}), sorted. */
    public List<String> branches(String prefix) {
        return locked(() -> {
            try (Repository repo = open()) {
                return repo.getRefDatabase().getRefsByPrefix(Constants.R_HEADS + prefix).stream()
                        .map(ref -> ref.getName().substring(Constants.R_HEADS.length())).sorted().toList();
            }
        });
    }

    /**
     * Deletes a branch; true when it was there. Main is never deleted. Commits the branch merged stay
     * reachable from main; those of an unmerged branch become unreachable, for Git's own gc to prune.
     */
    public boolean deleteBranch(String branch) {
        if (MAIN.equals(branch) || branch.isBlank()) {
            throw new IllegalArgumentException("the data project's " + MAIN + " branch is never deleted");
        }
        return locked(() -> {
            try (Repository repo = open()) {
                if (repo.exactRef(Constants.R_HEADS + branch) == null) {
                    return false;
                }
                RefUpdate delete = repo.updateRef(Constants.R_HEADS + branch);
                delete.setForceUpdate(true);
                RefUpdate.Result result = delete.delete();
                if (result != RefUpdate.Result.FORCED && result != RefUpdate.Result.NO_CHANGE) {
                    throw new IllegalStateException("could not delete " + branch + ": " + result);
                }
                return true;
            }
        });
    }

    private void initialize() throws IOException, GitAPIException {
        Files.createDirectories(root);
        try (Git git = Git.init().setDirectory(root.toFile()).setInitialBranch(MAIN).call()) {
            for (Map.Entry<String, String> file : DataProject.seedFiles().entrySet()) {
                Path target = root.resolve(file.getKey());
                Files.createDirectories(target.getParent());
                Files.writeString(target, file.getValue());
            }
            git.add().addFilepattern(".").call();
            PersonIdent ident = new PersonIdent("dataengineering-agents", "agents@dea.local");
            git.commit().setMessage("Start the data project").setAuthor(ident).setCommitter(ident).call();
        }
    }

    private static void deleteExceptBuildOutput(Path dir) throws IOException {
        List<Path> children;
        try (var list = Files.list(dir)) {
            children = new ArrayList<>(list.toList());
        }
        for (Path child : children) {
            String name = child.getFileName().toString();
            if (name.equals("target") || name.equals("logs")) {
                continue; // dbt's own output: keeping it keeps partial parsing fast
            }
            try (var walk = Files.walk(child)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private RevCommit mergeBase(Repository repo, RevCommit head) throws IOException {
        try (RevWalk walk = new RevWalk(repo)) {
            walk.setRevFilter(RevFilter.MERGE_BASE);
            walk.markStart(walk.parseCommit(head));
            walk.markStart(walk.parseCommit(repo.resolve(Constants.R_HEADS + MAIN)));
            RevCommit base = walk.next();
            return base != null ? base : head;
        }
    }

    private static ObjectId insertCommit(ObjectInserter inserter, ObjectId tree, String message, String author,
                                         ObjectId... parents) throws IOException {
        PersonIdent ident = new PersonIdent(author, author.replaceAll("[^A-Za-z0-9._-]", "_") + "@dea.local");
        CommitBuilder commit = new CommitBuilder();
        commit.setTreeId(tree);
        commit.setParentIds(parents);
        commit.setAuthor(ident);
        commit.setCommitter(ident);
        commit.setMessage(message);
        ObjectId id = inserter.insert(commit);
        inserter.flush();
        return id;
    }

    private static void update(Repository repo, String refName, ObjectId expected, ObjectId newId) throws IOException {
        RefUpdate update = repo.updateRef(refName);
        update.setExpectedOldObjectId(expected);
        update.setNewObjectId(newId);
        update.setForceUpdate(false);
        RefUpdate.Result result = update.update();
        switch (result) {
            case NEW, FAST_FORWARD, FORCED, NO_CHANGE -> { }
            default -> throw new IllegalStateException("could not move " + refName + ": " + result);
        }
    }

    private Repository open() throws IOException {
        return Git.open(root.toFile()).getRepository();
    }

    private <T> T locked(GitWork<T> work) {
        lock.lock();
        try {
            return work.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GitAPIException e) {
            throw new IllegalStateException(e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    @FunctionalInterface
    private interface GitWork<T> {
        T run() throws IOException, GitAPIException;
    }
}
