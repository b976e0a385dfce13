package dev.autobind.localcloud;

import com.google.cloud.resourcemanager.v3.Folder;
import com.google.cloud.resourcemanager.v3.FoldersGrpc;
import com.google.cloud.resourcemanager.v3.GetFolderRequest;
import io.grpc.stub.StreamObserver;
import java.util.regex.Pattern;

/** google.cloud.resourcemanager.v3.Folders: GetFolder, answering from the seed's hierarchy. */
final class FoldersService extends FoldersGrpc.FoldersImplBase {
  private static final Pattern NAME = Pattern.compile("folders/[0-9]+");

  private final World world;

  FoldersService(World world) {
    this.world = world;
  }

  @Override
  public void getFolder(GetFolderRequest request, StreamObserver<Folder> observer) {
    Rpc.unary(world, observer, () -> {
      String name = request.getName();
      if (!NAME.matcher(name).matches()) {
        throw Rpc.invalid("Invalid folder name '" + name + "'; expected folders/FOLDER_ID.");
      }
      return Folder.newBuilder().setName(name).setParent(world.folderParent(name)).setState(Folder.State.ACTIVE)
          .build();
    });
  }
}
